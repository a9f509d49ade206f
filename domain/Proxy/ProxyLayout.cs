namespace Infra.Domain.Proxy;

/// <summary>
/// Where the proxy's files and endpoints are. The constants are the proxy container's: everything that
/// reads or writes its files (install, switch) runs in a helper container that sees them where the
/// proxy does, at <see cref="ContainerConfigDirectory"/>, and shares the proxy's network namespace.
/// An instance says what differs for a test that runs HAProxy on 127.0.0.1: where the runtime API
/// listens, which address the listeners bind, and how a slot's server is addressed.
/// </summary>
public sealed record ProxyLayout
{
    /// <summary>The official image reads /usr/local/etc/haproxy/haproxy.cfg by default.</summary>
    public const string ContainerConfigDirectory = "/usr/local/etc/haproxy";

    public const string ConfigFileName = "haproxy.cfg";

    public const string ContainerConfig = ContainerConfigDirectory + "/" + ConfigFileName;

    /// <summary>The folder of both switch scripts, beside the configuration they replace.</summary>
    public const string ScriptFolder = "bin";

    public const string ContainerScriptDirectory = ContainerConfigDirectory + "/" + ScriptFolder;

    /// <summary>The folder of haproxy.cfg rendered for each slot (the install picks the one the file on disk names) and of the files it loads.</summary>
    public const string RenderedFolder = "rendered";

    /// <summary>haproxy.cfg rendered for <paramref name="slot"/>, in <see cref="RenderedFolder"/>.</summary>
    public static string RenderedConfigFileName(string slot) => $"haproxy.{slot}.cfg";

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

    /// <summary>The switch's own record beside haproxy.cfg: its last run's result, target, phase and message.</summary>
    public const string SwitchRecordFileName = "last-switch";

    /// <summary>
    /// HAProxy's runtime API, on TCP loopback inside the proxy container's network namespace: reached
    /// only by a helper started with <c>--network container:&lt;proxy&gt;</c>, never published, and no
    /// Unix socket in a host folder (which a macOS host cannot reach through Docker Desktop's VM).
    /// </summary>
    public const string ContainerRuntimeAddress = "127.0.0.1:" + RuntimePortText;

    public const int RuntimePort = 9999;

    private const string RuntimePortText = "9999";

    /// <summary>
    /// A plain-HTTP listener of the public routes on loopback inside the proxy's network namespace,
    /// for the switch script to observe the routes when the public port only redirects to HTTPS and
    /// the HTTPS port admits only Cloudflare.
    /// </summary>
    public const string ContainerObserveAddress = "127.0.0.1:" + ObservePortText;

    public const int ObservePort = 9998;

    private const string ObservePortText = "9998";

    /// <summary>
    /// The ACME client's HTTP-01 listener (source <c>acme</c>), on loopback inside the proxy's network
    /// namespace, where the client runs while it is issued a certificate: HAProxy passes the challenge
    /// path of the plain-HTTP port to it. Never published.
    /// </summary>
    public const string ContainerAcmeChallengeAddress = "127.0.0.1:" + AcmeChallengePortText;

    public const int AcmeChallengePort = 9997;

    private const string AcmeChallengePortText = "9997";

    /// <summary>The ACME client's folder in the proxy's files: its account, and the certificate it was just issued. Root's only: HAProxy cannot read it.</summary>
    public const string AcmeFolder = "acme";

    /// <summary>The proxy container on the server: Docker names, every interface, the API on loopback.</summary>
    public static ProxyLayout Docker { get; } = new();

    /// <summary>host:port of the runtime API (admin level); keep it on a loopback address.</summary>
    public string RuntimeAddress { get; init; } = ContainerRuntimeAddress;

    /// <summary>Where the proxy sees its files (haproxy.cfg, rendered/).</summary>
    public string FilesDirectory { get; init; } = ContainerConfigDirectory;

    /// <summary>Empty for every interface.</summary>
    public string BindAddress { get; init; } = "";

    public Func<SlotServer, string> ServerAddress { get; init; } = SlotServer.DockerAddress;

    /// <summary>host:port of the loopback listener the switch script observes the routes through when HTTPS is on.</summary>
    public string ObserveAddress { get; init; } = ContainerObserveAddress;

    /// <summary>host:port of the ACME client's HTTP-01 listener, which the challenge path of the plain-HTTP port goes to.</summary>
    public string AcmeChallengeAddress { get; init; } = ProxyLayout.ContainerAcmeChallengeAddress;

    /// <summary>Certificate chain and key for the HTTPS listener.</summary>
    public string CertificatePath { get; init; } = ContainerCertificate;

    /// <summary>The CA of the client certificates admitted with Authenticated Origin Pulls.</summary>
    public string ClientCaPath { get; init; } = ContainerClientCa;
}
