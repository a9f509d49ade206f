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
    public static BackupHostLayout Server { get; } = new(
        BackupServerPaths.BackupScript,
        BackupServerPaths.RestoreScript,
        BackupServerPaths.EnvironmentFile,
        BackupServerPaths.StateDirectory,
        BackupServerPaths.VolumesRoot,
        Scheduled: true);

    /// <summary>Under a folder the developer can write; Docker's volume folder is asked of the engine at run time.</summary>
    public static BackupHostLayout Local(string root) => new(
        $"{root}/bin/infra-backup",
        $"{root}/bin/infra-restore",
        $"{root}/backup/env",
        $"{root}/backup/state",
        VolumesRoot: null,
        Scheduled: false);
}
