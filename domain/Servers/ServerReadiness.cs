namespace Infra.Domain.Servers;

/// <summary>
/// Run over SSH before any Docker resource (Templates/ready.sh): waits for cloud-init, then proves
/// Docker answers and keeps its data on the data volume, not on the droplet's root disk.
/// </summary>
public static class ServerReadiness
{
    /// <summary>How long a new droplet's first boot may take before the update fails.</summary>
    public const int CloudInitSeconds = 900;

    /// <remarks>Without the file's last newline, as the command has always been: a changed byte runs it again.</remarks>
    public static readonly string Script = Template.Fill("Servers/ready.sh", new Dictionary<string, string>
    {
        ["cloudInitSeconds"] = CloudInitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["mount"] = DataVolume.MountPoint,
        ["dockerRoot"] = DataVolume.DockerRoot,
    }).TrimEnd('\n');
}
