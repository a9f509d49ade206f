namespace Infra.Domain.Tls;

/// <summary>Where the HTTPS listener's certificate comes from (<c>infra:tls.source</c>).</summary>
public static class CertificateSources
{
    /// <summary>A Cloudflare Origin CA certificate issued by the stack for a CSR made on the server (proxied edge).</summary>
    public const string OriginCa = "originCa";

    /// <summary>Made on the host by a helper container (the local stack).</summary>
    public const string SelfSigned = "selfSigned";

    /// <summary>Brought by the user: the chain in <c>certificatePem</c>, the key in the secret <c>keySecret</c>.</summary>
    public const string Provided = "provided";

    public static readonly IReadOnlyList<string> All = [OriginCa, SelfSigned, Provided];
}
