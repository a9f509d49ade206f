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

    /// <summary>Issued by an ACME CA (Let's Encrypt unless <c>acmeDirectory</c> says otherwise) to an ACME client on the server (unproxied edge).</summary>
    public const string Acme = "acme";

    public static readonly IReadOnlyList<string> All = [OriginCa, SelfSigned, Provided, Acme];
}
