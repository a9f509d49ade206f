using Infra.Domain.Settings;

namespace Infra.Domain.Backups;

/// <summary>What a stack backs up and how long it keeps it; the scripts are rendered from this.</summary>
public sealed record BackupPlan(
    string StackName,
    IReadOnlyList<DatabaseBackup> Databases,
    IReadOnlyList<VolumeBackup> Volumes,
    RetentionSettings Retention)
{
    public bool IsEmpty => Databases.Count == 0 && Volumes.Count == 0;

    /// <summary>Whether any database archives its WAL, so the shipper is installed.</summary>
    public bool ArchivesWal => Databases.Any(d => d.ArchivesWal);

    /// <summary>Every accessory and service volume marked <c>backup: true</c>, in configuration order.</summary>
    public static BackupPlan For(StackSettings settings)
    {
        var backup = settings.Backup
            ?? throw new ArgumentException($"stack '{settings.StackName}' has no backup settings", nameof(settings));

        var databases = settings.Accessories
            .Where(a => a.Backup)
            .Select(a => a.Kind == AccessoryKind.Redis
                ? throw new ArgumentException($"accessory '{a.Name}' is Redis, which backups do not dump (validation rejects backup: true on it)", nameof(settings))
                : new DatabaseBackup(a.Name, a.Kind, a.Port, a.Database, a.User))
            .ToList();

        var volumes = settings.Services
            .SelectMany(s => s.Volumes.Where(v => v.Backup).Select(v => new VolumeBackup(s.Name, v.Name)))
            .ToList();

        return new BackupPlan(settings.StackName, databases, volumes, backup.Retention);
    }
}
