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

    /// <summary>The folder of the HTTPS listener's key and certificate, readable by HAProxy's user only.</summary>
    public const string CertificateFolder = "certs";

    /// <summary>Certificate chain and key in one PEM, the file HAProxy's <c>crt</c> reads.</summary>
    public const string CertificateFileName = "origin.pem";

    /// <summary>The key alone, made on the server (domain/Tls/Templates/tls.sh).</summary>
    public const string KeyFileName = "origin.key";

    public const string ContainerCertificate = ContainerConfigDirectory + "/" + CertificateFolder + "/" + CertificateFileName;

    /// <summary>Cloudflare's origin-pull CA, against which HAProxy checks the client certificate (Authenticated Origin Pulls).</summary>
    public const string ClientCaFileName = "origin-pull-ca.pem";

    public const string ContainerClientCa = ContainerConfigDirectory + "/" + ClientCaFileName;

    /// <summary>
    /// A plain-HTTP listener of the public routes on loopback inside the proxy's network namespace,
    /// for the switch script to observe the routes when the public port only redirects to HTTPS and
    /// the HTTPS port admits only Cloudflare.
    /// </summary>
    public const string ObserveAddress = "127.0.0.1:" + ObservePortText;

    public const int ObservePort = 9998;

    private const string ObservePortText = "9998";

    /// <summary>
    /// The ACME client's HTTP-01 listener (source <c>acme</c>), on loopback inside the proxy's network
    /// namespace, where the client runs while it is issued a certificate: HAProxy passes the challenge
    /// path of the plain-HTTP port to it. Never published.
    /// </summary>
    public const string AcmeChallengeAddress = "127.0.0.1:" + AcmeChallengePortText;

    public const int AcmeChallengePort = 9997;

    private const string AcmeChallengePortText = "9997";

    /// <summary>The ACME client's folder in the proxy's files: its account, and the certificate it was just issued. Root's only: HAProxy cannot read it.</summary>
    public const string AcmeFolder = "acme";

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
