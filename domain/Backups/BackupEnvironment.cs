namespace Infra.Domain.Backups;

/// <summary>
/// What the scripts need to reach the repository. Password and keys are secrets: the stack passes
/// them from Pulumi secrets and installs the rendered file root-only (0600). <c>SuccessRecord</c>: the
/// file a fully successful run writes its time to, which the proxy answers the backup-freshness check from
/// (<see cref="Monitoring.BackupFreshness"/>).
/// </summary>
public sealed record BackupEnvironment(
    string Repository,
    string Password,
    string AccessKeyId,
    string SecretAccessKey,
    string? HeartbeatUrl = null,
    string? SuccessRecord = null);
