namespace Infra.Domain.Backups;

/// <summary>A service's named volume, backed up as files.</summary>
public sealed record VolumeBackup(string Service, string Volume)
{
    public const string KindTag = "volume";

    /// <summary>The volume's name in the stack and in backups; Docker's name for it is <c>DockerNames.Volume</c> of this.</summary>
    public string Name => Hosting.ShortNames.ServiceVolume(Service, Volume);

    public string Tags => BackupTags.Of(KindTag, Name);
}
