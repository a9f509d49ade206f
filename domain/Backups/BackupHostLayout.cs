using Infra.Domain.Servers;

namespace Infra.Domain.Backups;

/// <summary>
/// Where the backup is installed on a host; the rendered files refer to these paths. A droplet runs it
/// from systemd timers at the standard paths, as root (<see cref="Server"/>); the local engine's files
/// go under one folder in the backup volume (<see cref="Local"/>), where a container runs them on the
/// schedule (<see cref="Hosting.BackupSchedule"/>) and wrappers on the developer's machine run them now.
/// </summary>
/// <param name="Systemd">Installed with systemd units and timers, its scripts run as root (a droplet).</param>
public sealed record BackupHostLayout(
    string BackupScript,
    string RestoreScript,
    string EnvironmentFile,
    string StateDirectory,
    string? VolumesRoot,
    bool Systemd)
{
    /// <summary>The record of the last run (time, result, message), in the state directory (backup.sh writes it there).</summary>
    public const string StatusFileName = "last-status";

    /// <summary>The droplet's state folder under /var/lib, which systemd makes for the units (their StateDirectory and CacheDirectory).</summary>
    public const string ServerDirectoryName = "infra-backup";

    /// <summary>Where a systemd install puts its units (<see cref="BackupUnits"/>).</summary>
    public const string SystemdUnitDirectory = "/etc/systemd/system";

    /// <summary>
    /// The droplet's: scripts in /usr/local/sbin, repository and credentials root-only (mode 0600, see
    /// <see cref="BackupEnvironmentFile"/>) in /etc/infra-backup, <see cref="StatusFileName"/> and the check
    /// marker in /var/lib/infra-backup, Docker's volumes on the data volume.
    /// </summary>
    public static BackupHostLayout Server { get; } = new(
        $"/usr/local/sbin/{Backups.BackupScript.Name}",
        $"/usr/local/sbin/{Backups.RestoreScript.Name}",
        "/etc/infra-backup/env",
        $"/var/lib/{ServerDirectoryName}",
        DataVolume.DockerRoot + "/volumes",
        Systemd: true);

    /// <summary>Under a folder the developer can write; Docker's volume folder is asked of the engine at run time.</summary>
    public static BackupHostLayout Local(string root) => new(
        $"{root}/bin/{Backups.BackupScript.Name}",
        $"{root}/bin/{Backups.RestoreScript.Name}",
        $"{root}/backup/env",
        $"{root}/backup/state",
        VolumesRoot: null,
        Systemd: false);

    /// <summary>Where the stack installs its backup: the server's paths on a droplet, the helper container's on the local engine.</summary>
    public static BackupHostLayout For(Settings.StackSettings settings) =>
        settings.Server.IsDigitalOcean ? Server : Hosting.BackupTools.For(settings).Layout;

    /// <summary>infra-wal-ship, beside infra-backup (which runs it from its own folder).</summary>
    public string WalShipScript => $"{Path.GetDirectoryName(BackupScript)}/{Backups.WalShipScript.Name}";

    /// <summary>
    /// Where a person runs the scripts on the host when they run elsewhere (the local stack's run in a
    /// helper container, see <see cref="Hosting.BackupTools"/>): wrappers of the same names.
    /// </summary>
    public string? HostBin { get; init; }

    /// <summary>The last run's status record (time, result, message).</summary>
    public string StatusFile => $"{StateDirectory}/{StatusFileName}";

    public static string SystemdUnit(string unitName) => $"{SystemdUnitDirectory}/{unitName}";

    /// <summary>
    /// The command line that runs one of the installed scripts: as root on a server (the scripts read
    /// root-only credentials); locally as the developer, told where this layout keeps its files.
    /// </summary>
    public IReadOnlyList<string> Invoke(string script, params string[] arguments) =>
        Systemd
            ? ["sudo", script, .. arguments]
            : HostBin is { } bin
                ? [$"{bin}/{Path.GetFileName(script)}", .. arguments]
                : ["env", $"BACKUP_ENV_FILE={EnvironmentFile}", $"BACKUP_STATE_DIR={StateDirectory}", script, .. arguments];
}
