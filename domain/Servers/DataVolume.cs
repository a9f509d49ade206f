namespace Infra.Domain.Servers;

/// <summary>Where the droplet's data volume lives; Docker's data and every app volume sit on it.</summary>
public static class DataVolume
{
    public const string MountPoint = "/mnt/data";
    public const string DockerRoot = MountPoint + "/docker";

    /// <summary>DigitalOcean exposes an attached volume under its name in /dev/disk/by-id.</summary>
    public static string DevicePath(string volumeName) => $"/dev/disk/by-id/scsi-0DO_Volume_{volumeName}";
}
