namespace Infra.Domain.Proxy;

/// <summary>
/// Where the proxy's files live on the server and inside the proxy container. The switch script
/// runs on the host (socat and curl are there), so it uses the host side of each mount.
/// </summary>
public static class ProxyPaths
{
    /// <summary>The server's folder for the proxy's files (<see cref="ProxyInstall.HostLayout"/> says what is where in it).</summary>
    /// <remarks>
    /// Its config directory is mounted, not the file: the switch script replaces haproxy.cfg by rename,
    /// and a single-file bind mount would keep showing the container the old file.
    /// </remarks>
    public const string HostRoot = "/srv/infra";

    /// <summary>The official image reads /usr/local/etc/haproxy/haproxy.cfg by default.</summary>
    public const string ContainerConfigDirectory = "/usr/local/etc/haproxy";

    public const string ContainerSocketDirectory = "/var/run/haproxy";

    public const string ContainerSocket = ContainerSocketDirectory + "/" + SocketFileName;

    /// <summary>Certificate and key (one PEM) for the HTTPS listener, e.g. a Cloudflare origin certificate.</summary>
    public const string ContainerCertificate = ContainerConfigDirectory + "/certs/origin.pem";

    public const string ConfigFileName = "haproxy.cfg";

    public const string SocketFileName = "admin.sock";
}
