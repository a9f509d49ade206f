using Infra.Domain.Settings;

namespace Infra.Domain.Backups;

/// <summary>
/// One database accessory the backup dumps. <see cref="Name"/> is the accessory's name, which is
/// also its container name; <see cref="Port"/> is the port it listens on inside that container.
/// </summary>
public sealed record DatabaseBackup(string Name, AccessoryKind Kind, int Port, string? Database, string? User)
{
    public const string KindTag = "database";

    /// <summary>Restic's snapshot tags; a restore finds this database's snapshots by them.</summary>
    public string Tags => BackupTags.Of(KindTag, Name);

    /// <summary>The file the dump is stored as inside its snapshot.</summary>
    public string FileName => $"{Name}.sql";

    /// <summary>Every backed-up PostgreSQL also archives its WAL for point-in-time recovery (<see cref="WalArchiving"/>).</summary>
    public bool ArchivesWal => Kind == AccessoryKind.Postgres;

    /// <summary>Tags of its base backups (pg_basebackup tar) and of its shipped WAL.</summary>
    public string BaseTags => BackupTags.Of(WalArchiving.BaseKindTag, Name);

    public string WalTags => BackupTags.Of(WalArchiving.WalKindTag, Name);

    /// <summary>The file a base backup is stored as inside its snapshot.</summary>
    public string BaseFileName => $"{Name}.base.tar";
}
