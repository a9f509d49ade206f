using Infra.Domain.Releases;

namespace Infra.Domain.Backups;

/// <summary>
/// Renders the script that installs the backup on a host: both scripts, the environment file (read
/// from stdin, so the secrets never appear in a command line), the systemd units on a droplet,
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

        if (layout.Systemd)
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
            files.Add(($"{directory}/{RunNowScriptName}", "0755", Template.Fill("Backups/backup-now.sh", new Dictionary<string, string>
            {
                ["settings"] = settings,
                ["backupScript"] = ShellQuote.Word(layout.BackupScript),
            })));
        }

        // A stale env.new from an interrupted install would keep its old mode under `cat >`: the script starts afresh.
        var newEnvironmentFile = ShellQuote.Word(layout.EnvironmentFile + ".new");
        return Template.Fill("Backups/install.sh", new Dictionary<string, string>
        {
            ["stack"] = plan.StackName,
            ["directories"] = ShellQuote.Join(directories.Distinct()),
            ["newEnvironmentFile"] = newEnvironmentFile,
            ["environmentFile"] = ShellQuote.Word(layout.EnvironmentFile),
            ["files"] = string.Concat(files.Select(f => HostFile.Write(f.Path, f.Mode, f.Content))),
            ["schedule"] = layout.Systemd ? Schedule(plan) : "",
            ["settings"] = settings,
            ["backupScript"] = ShellQuote.Word(layout.BackupScript),
        });
    }

    /// <summary>The units' timers enabled (the units themselves are among the files).</summary>
    private static string Schedule(BackupPlan plan) => Template.Fill("Backups/install-schedule.sh", new Dictionary<string, string>
    {
        ["enableTimers"] = string.Concat((plan.ArchivesWal ? [BackupUnits.TimerName, BackupUnits.WalShipTimerName] : new[] { BackupUnits.TimerName })
            .Select(timer => Template.Fill("Backups/install-timer.sh", new Dictionary<string, string> { ["timer"] = timer }))).TrimEnd('\n'),
    });

    private static string Settings(BackupHostLayout layout)
    {
        var volumes = layout.VolumesRoot is null
            ? $"\"{Hosting.BackupTools.VolumesFolder($"$({Hosting.BackupTools.DockerRootQuery})")}\""
            : ShellQuote.Word(layout.VolumesRoot);
        return $"BACKUP_ENV_FILE={ShellQuote.Word(layout.EnvironmentFile)} BACKUP_STATE_DIR={ShellQuote.Word(layout.StateDirectory)} BACKUP_VOLUMES_ROOT={volumes}";
    }
}
