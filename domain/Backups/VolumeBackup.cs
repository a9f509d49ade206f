namespace Infra.Domain.Backups;

/// <summary>A service's named volume, backed up as files.</summary>
public sealed record VolumeBackup(string Service, string Volume)
{
    public const string KindTag = "volume";

    /// <summary>Docker's name for the volume (as <c>ContainerPlanner</c> names it), and its name in backups.</summary>
    public string Name => $"{Service}-{Volume}";

    public string Tags => BackupTags.Of(KindTag, Name);
}
