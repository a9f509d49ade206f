using Infra.Domain.Releases;

namespace Infra.Domain.Backups;

/// <summary>
/// Renders the script that installs the backup on a host: both scripts, the environment file (read
/// from stdin, so the secrets never appear in a command line), the systemd units where scheduled,
/// and the repository, created if there is none yet.
/// </summary>
public static class BackupInstall
{
    public const string RunNowScriptName = "backup-now";

    /// <param name="wrappers">Files that run the scripts from elsewhere (the local stack's host wrappers,
    /// see <see cref="Hosting.BackupTools"/>), written instead of <see cref="RunNowScriptName"/>.</param>
    public static string Render(BackupPlan plan, string cronSchedule, BackupHostLayout layout, IReadOnlyList<(string Path, string Content)>? wrappers = null)
    {
        var directory = Path.GetDirectoryName(layout.BackupScript)!;
        var directories = new List<string> { directory, Path.GetDirectoryName(layout.EnvironmentFile)!, layout.StateDirectory };
        var settings = Settings(layout);
        var files = new List<(string Path, string Mode, string Content)>
        {
            (layout.BackupScript, "0755", BackupScript.Render(plan)),
            (layout.RestoreScript, "0755", RestoreScript.Render(plan)),
        };
        if (plan.ArchivesWal)
        {
            files.Add((layout.WalShipScript, "0755", WalShipScript.Render(plan)));
        }

        if (layout.Scheduled)
        {
            files.Add((BackupHostLayout.SystemdUnit(BackupUnits.ServiceName), "0644", BackupUnits.Service(plan.StackName, layout)));
            files.Add((BackupHostLayout.SystemdUnit(BackupUnits.TimerName), "0644", BackupUnits.Timer(cronSchedule)));
            if (plan.ArchivesWal)
            {
                files.Add((BackupHostLayout.SystemdUnit(BackupUnits.WalShipServiceName), "0644", BackupUnits.WalShipService(plan.StackName, layout)));
                files.Add((BackupHostLayout.SystemdUnit(BackupUnits.WalShipTimerName), "0644", BackupUnits.WalShipTimer()));
            }
        }
        else if (wrappers is not null)
        {
            files.AddRange(wrappers.Select(w => (w.Path, "0755", w.Content)));
            directories.AddRange(wrappers.Select(w => Path.GetDirectoryName(w.Path)!).Distinct());
        }
        else
        {
            files.Add(($"{directory}/{RunNowScriptName}", "0755", $"#!/usr/bin/env bash\n# Backs up the local stack now (nothing is scheduled on a developer's machine).\n{settings} exec {ShellQuote.Word(layout.BackupScript)} \"$@\"\n"));
        }

        var schedule = layout.Scheduled
            ? $"systemctl daemon-reload\nsystemctl enable --now {BackupUnits.TimerName}\n"
                + (plan.ArchivesWal ? $"systemctl enable --now {BackupUnits.WalShipTimerName}\n" : "")
            : "";
        return "#!/usr/bin/env bash\n"
            + "# Installs the backup of stack '" + plan.StackName + "'. Rendered by infra (domain/Backups/BackupInstall.cs); do not edit.\n"
            + "set -euo pipefail\n"
            + "umask 022\n"
            + "mkdir -p " + ShellQuote.Join(directories.Distinct()) + "\n"
            + "# The repository and its credentials come on stdin: root only, never on a command line.\n"
            // A stale env.new from an interrupted install would keep its old mode under `cat >`: start afresh.
            + "rm -f " + ShellQuote.Word(layout.EnvironmentFile + ".new") + "\n"
            + "(umask 077; cat > " + ShellQuote.Word(layout.EnvironmentFile + ".new") + ")\n"
            + "chmod 0600 " + ShellQuote.Word(layout.EnvironmentFile + ".new") + "\n"
            + "mv -f " + ShellQuote.Word(layout.EnvironmentFile + ".new") + " " + ShellQuote.Word(layout.EnvironmentFile) + "\n"
            + string.Concat(files.Select(f => HostFile.Write(f.Path, f.Mode, f.Content) + "\n"))
            + schedule
            + settings + " " + ShellQuote.Word(layout.BackupScript) + " init\n";
    }

    private static string Settings(BackupHostLayout layout)
    {
        var volumes = layout.VolumesRoot is null
            ? "\"$(docker info --format '{{.DockerRootDir}}')/volumes\""
            : ShellQuote.Word(layout.VolumesRoot);
        return $"BACKUP_ENV_FILE={ShellQuote.Word(layout.EnvironmentFile)} BACKUP_STATE_DIR={ShellQuote.Word(layout.StateDirectory)} BACKUP_VOLUMES_ROOT={volumes}";
    }
}
