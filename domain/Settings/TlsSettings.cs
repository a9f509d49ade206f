namespace Infra.Domain.Settings;

/// <summary>
/// Where the HTTPS listener's certificate comes from (<c>infra:tls</c>). HTTPS itself is on when
/// <c>infra:proxy.httpsPort</c> is set; see <see cref="Tls.OriginTlsPlan"/> for the defaults by stack.
/// </summary>
public sealed record TlsSettings
{
    /// <summary><c>originCa</c>, <c>selfSigned</c>, <c>provided</c> or <c>acme</c> (<see cref="Tls.CertificateSources"/>); null picks by stack.</summary>
    public string? Source { get; init; }

    /// <summary>Days the Origin CA certificate is issued for (Cloudflare offers 7, 30, 90, 365, 730, 1095, 5475).</summary>
    public int ValidityDays { get; init; } = 365;

    /// <summary>An update (with <c>acme</c>, also the daily renewal run) this many days or fewer before the certificate expires issues a new key and certificate.</summary>
    public int RenewDaysBefore { get; init; } = 30;

    /// <summary>With <c>provided</c>: the certificate chain, PEM (public; the key goes in a secret).</summary>
    public string? CertificatePem { get; init; }

    /// <summary>With <c>provided</c>: the config key of the secret holding the private key, PEM.</summary>
    public string? KeySecret { get; init; }

    /// <summary>With <c>acme</c>: the account's contact address, where the CA sends expiry warnings.</summary>
    public string? AcmeEmail { get; init; }

    /// <summary>With <c>acme</c>: the CA's directory URL; null for Let's Encrypt's production directory (<see cref="Tls.AcmeDirectories.LetsEncrypt"/>).</summary>
    public string? AcmeDirectory { get; init; }
}
