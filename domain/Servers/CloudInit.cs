namespace Infra.Domain.Servers;

/// <summary>
/// The droplet's first-boot configuration (Templates/cloud-init.yaml): Docker from Debian's packages,
/// no SSH passwords, and the data volume mounted before Docker starts so images, containers and
/// volumes live on it.
/// </summary>
public static class CloudInit
{
    /// <remarks>Without the file's last newline: the droplet's user data has always ended without one, and a changed byte replaces the droplet.</remarks>
    public static string Render(string volumeName) => Template.Fill("Servers/cloud-init.yaml", new Dictionary<string, string>
    {
        ["device"] = DataVolume.DevicePath(volumeName),
        ["mount"] = DataVolume.MountPoint,
        ["dockerRoot"] = DataVolume.DockerRoot,
    }).TrimEnd('\n');
}
