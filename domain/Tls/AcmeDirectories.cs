using Infra.Domain.Settings;

namespace Infra.Domain.Tls;

/// <summary>ACME directory URLs: where an ACME client finds a CA's account, order and challenge endpoints.</summary>
public static class AcmeDirectories
{
    /// <summary>Let's Encrypt's production directory: the default of <c>infra:tls.acmeDirectory</c>.</summary>
    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>Let's Encrypt's staging directory: untrusted certificates, generous rate limits, for trying a stack out.</summary>
    public const string LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /// <summary>The directory a stack's ACME client uses.</summary>
    public static string Of(TlsSettings tls) => tls.AcmeDirectory ?? LetsEncrypt;
}
