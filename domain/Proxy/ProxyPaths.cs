namespace Infra.Domain.Proxy;

/// <summary>
/// Where the proxy's files live on the server and inside the proxy container. The switch script
/// runs on the host (socat and curl are there), so it uses the host side of each mount.
/// </summary>
public static class ProxyPaths
{
    /// <summary>Holds haproxy.cfg (and certs/ when HTTPS is served); mounted read-only at <see cref="ContainerConfigDirectory"/>.</summary>
    /// <remarks>
    /// The directory is mounted, not the file: the switch script replaces haproxy.cfg by rename,
    /// and a single-file bind mount would keep showing the container the old file.
    /// </remarks>
    public const string HostConfigDirectory = "/srv/infra/proxy";

    public const string HostConfig = HostConfigDirectory + "/" + ConfigFileName;

    /// <summary>Holds the runtime socket; mounted read-write at <see cref="ContainerSocketDirectory"/>, owned by <see cref="ProxyImage.UserId"/>.</summary>
    public const string HostSocketDirectory = "/srv/infra/proxy-socket";

    public const string HostSocket = HostSocketDirectory + "/" + SocketFileName;

    /// <summary>The rendered switch scripts, one per target slot: switch-to-blue, switch-to-green.</summary>
    public const string HostScriptDirectory = "/srv/infra/bin";

    /// <summary>The official image reads /usr/local/etc/haproxy/haproxy.cfg by default.</summary>
    public const string ContainerConfigDirectory = "/usr/local/etc/haproxy";

    public const string ContainerSocketDirectory = "/var/run/haproxy";

    public const string ContainerSocket = ContainerSocketDirectory + "/" + SocketFileName;

    /// <summary>Certificate and key (one PEM) for the HTTPS listener, e.g. a Cloudflare origin certificate.</summary>
    public const string ContainerCertificate = ContainerConfigDirectory + "/certs/origin.pem";

    public const string ConfigFileName = "haproxy.cfg";

    public const string SocketFileName = "admin.sock";

    public static string HostSwitchScript(string slot) => $"{HostScriptDirectory}/{SwitchScript.FileName(slot)}";
}
