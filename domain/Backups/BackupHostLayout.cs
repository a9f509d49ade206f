namespace Infra.Domain.Backups;

/// <summary>
/// Where the backup is installed on a host. A droplet runs it from systemd at the standard paths; the
/// local engine's host is a developer's machine, where files go under the stack's host folder and
/// nothing is scheduled (run <c>backup-now</c> there by hand).
/// </summary>
public sealed record BackupHostLayout(
    string BackupScript,
    string RestoreScript,
    string EnvironmentFile,
    string StateDirectory,
    string? VolumesRoot,
    bool Scheduled)
{
    /// <summary>infra-wal-ship, beside infra-backup (which runs it from its own folder).</summary>
    public string WalShipScript => $"{Path.GetDirectoryName(BackupScript)}/{Backups.WalShipScript.Name}";

    /// <summary>
    /// Where a person runs the scripts on the host when they run elsewhere (the local stack's run in a
    /// helper container, see <see cref="Hosting.BackupTools"/>): wrappers of the same names.
    /// </summary>
    public string? HostBin { get; init; }

    public static BackupHostLayout Server { get; } = new(
        BackupServerPaths.BackupScript,
        BackupServerPaths.RestoreScript,
        BackupServerPaths.EnvironmentFile,
        BackupServerPaths.StateDirectory,
        BackupServerPaths.VolumesRoot,
        Scheduled: true);

    /// <summary>Where the stack installs its backup: the server's paths on a droplet, the host folder on the local engine.</summary>
    public static BackupHostLayout For(Settings.StackSettings settings) =>
        settings.Server.IsDigitalOcean ? Server : Hosting.BackupTools.For(settings).Layout;

    /// <summary>The last run's status record (time, result, message).</summary>
    public string StatusFile => $"{StateDirectory}/{BackupServerPaths.StatusFileName}";

    /// <summary>
    /// The command line that runs one of the installed scripts: as root on a server (the scripts read
    /// root-only credentials); locally as the developer, told where this layout keeps its files.
    /// </summary>
    public IReadOnlyList<string> Invoke(string script, params string[] arguments) =>
        Scheduled
            ? ["sudo", script, .. arguments]
            : HostBin is { } bin
                ? [$"{bin}/{Path.GetFileName(script)}", .. arguments]
                : ["env", $"BACKUP_ENV_FILE={EnvironmentFile}", $"BACKUP_STATE_DIR={StateDirectory}", script, .. arguments];

    /// <summary>Under a folder the developer can write; Docker's volume folder is asked of the engine at run time.</summary>
    public static BackupHostLayout Local(string root) => new(
        $"{root}/bin/infra-backup",
        $"{root}/bin/infra-restore",
        $"{root}/backup/env",
        $"{root}/backup/state",
        VolumesRoot: null,
        Scheduled: false);
}
