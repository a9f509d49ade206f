namespace Infra.Domain.Proxy;

/// <summary>
/// Where the proxy's files live and how its runtime API is reached. Everything that reads or writes
/// them (install, switch) runs in a helper container that sees the files where the proxy does, at
/// <see cref="ContainerConfigDirectory"/>, and shares the proxy's network namespace.
/// </summary>
public static class ProxyPaths
{
    /// <summary>A droplet's folder for the proxy's files (<see cref="ProxyInstall.HostLayout"/> says what is where in it).</summary>
    /// <remarks>
    /// Its files folder is mounted, not the file: the switch script replaces haproxy.cfg by rename,
    /// and a single-file bind mount would keep showing the container the old file.
    /// </remarks>
    public const string HostRoot = "/srv/infra";

    /// <summary>The official image reads /usr/local/etc/haproxy/haproxy.cfg by default.</summary>
    public const string ContainerConfigDirectory = "/usr/local/etc/haproxy";

    public const string ContainerConfig = ContainerConfigDirectory + "/" + ConfigFileName;

    /// <summary>Certificate and key (one PEM) for the HTTPS listener, e.g. a Cloudflare origin certificate.</summary>
    public const string ContainerCertificate = ContainerConfigDirectory + "/certs/origin.pem";

    /// <summary>Both switch scripts, beside the configuration they replace.</summary>
    public const string ContainerScriptDirectory = ContainerConfigDirectory + "/bin";

    /// <summary>haproxy.cfg rendered for each slot; the install picks the one the file on disk names.</summary>
    public const string ContainerRenderedDirectory = ContainerConfigDirectory + "/rendered";

    public const string ConfigFileName = "haproxy.cfg";

    /// <summary>The switch's own record beside haproxy.cfg: its last run's result, target, phase and message.</summary>
    public const string SwitchRecordFileName = "last-switch";

    /// <summary>
    /// HAProxy's runtime API, on TCP loopback inside the proxy container's network namespace: reached
    /// only by a helper started with <c>--network container:&lt;proxy&gt;</c>, never published, and no
    /// Unix socket in a host folder (which a macOS host cannot reach through Docker Desktop's VM).
    /// </summary>
    public const string RuntimeAddress = "127.0.0.1:" + RuntimePortText;

    public const int RuntimePort = 9999;

    private const string RuntimePortText = "9999";
}
