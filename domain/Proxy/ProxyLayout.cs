namespace Infra.Domain.Proxy;

/// <summary>
/// What differs between the proxy container and a test on 127.0.0.1: where the runtime API listens,
/// which address the listeners bind, and how a slot's server is addressed.
/// </summary>
public sealed record ProxyLayout
{
    /// <summary>The proxy container on the server: Docker names, every interface, the API on loopback.</summary>
    public static ProxyLayout Docker { get; } = new();

    /// <summary>host:port of the runtime API (admin level); keep it on a loopback address.</summary>
    public string RuntimeAddress { get; init; } = ProxyPaths.RuntimeAddress;

    /// <summary>Where the proxy sees its files (haproxy.cfg, rendered/).</summary>
    public string FilesDirectory { get; init; } = ProxyPaths.ContainerConfigDirectory;

    /// <summary>Empty for every interface.</summary>
    public string BindAddress { get; init; } = "";

    public Func<SlotServer, string> ServerAddress { get; init; } = SlotServer.DockerAddress;

    /// <summary>host:port of the loopback listener the switch script observes the routes through when HTTPS is on.</summary>
    public string ObserveAddress { get; init; } = ProxyPaths.ObserveAddress;

    /// <summary>host:port of the ACME client's HTTP-01 listener, which the challenge path of the plain-HTTP port goes to.</summary>
    public string AcmeChallengeAddress { get; init; } = ProxyPaths.AcmeChallengeAddress;

    /// <summary>Certificate chain and key for the HTTPS listener.</summary>
    public string CertificatePath { get; init; } = ProxyPaths.ContainerCertificate;

    /// <summary>The CA of the client certificates admitted with Authenticated Origin Pulls.</summary>
    public string ClientCaPath { get; init; } = ProxyPaths.ContainerClientCa;
}
