using Infra.Domain.Proxy;

namespace Infra.Domain.Tls;

/// <summary>
/// What the ACME renewal runs with: the images, and where the client's challenge listener is. On a
/// server, the pinned images in the proxy container's network namespace; a test brings stand-ins, the
/// host's network (its HAProxy runs on 127.0.0.1) and the test CA's certificate.
/// </summary>
public sealed record AcmeLayout
{
    public static AcmeLayout Server { get; } = new();

    public string HelperImage { get; init; } = Hosting.HelperImage.Reference;

    public string ClientImage { get; init; } = AcmeClient.Image;

    /// <summary>The client's network: null for the proxy container's network namespace.</summary>
    public string? Network { get; init; }

    /// <summary>host:port the client answers challenges on; HAProxy's challenge backend points here.</summary>
    public string ChallengeAddress { get; init; } = ProxyLayout.ContainerAcmeChallengeAddress;

    /// <summary>A file of CAs the client trusts for the directory instead of the system's: only a test CA (pebble's).</summary>
    public string? TrustedCaFile { get; init; }
}
