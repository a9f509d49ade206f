namespace Infra.Domain.Settings;

/// <summary>restic backups of every accessory and backed-up volume into the stack's bucket.</summary>
public sealed record BackupSettings
{
    public string Schedule { get; init; } = "";
    public RetentionSettings Retention { get; init; } = new();
    public string Bucket { get; init; } = "";
    public string Region { get; init; } = "";

    /// <summary>Config key of the restic repository password secret.</summary>
    public string PasswordSecret { get; init; } = "resticPassword";

    public string? HeartbeatUrl { get; init; }
}

public sealed record RetentionSettings
{
    public int Daily { get; init; } = 7;
    public int Weekly { get; init; } = 4;
    public int Monthly { get; init; } = 6;
}
