using System.Security.Cryptography.X509Certificates;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Domain.Tls;

namespace Infra.Domain.Validation;

/// <summary>
/// HTTPS at the origin: a proxied edge needs it (Full (strict) reaches the origin on 443 only), and
/// the certificate's source must fit the stack: an Origin CA certificate behind a proxied edge, a
/// self-signed one only on the local stack, a provided one (chain in the stack file, key in a secret)
/// or an ACME one (issued to a client on the server for the edge's names) on an unproxied cloud stack.
/// </summary>
public sealed partial class TlsRule : IValidationRule
{
    /// <summary>The validities Cloudflare's Origin CA issues, in days.</summary>
    public static readonly IReadOnlyList<int> OriginCaValidities = [7, 30, 90, 365, 730, 1095, 5475];

    /// <summary>The longest renewal margin for an ACME certificate: a third of a 90-day certificate, as Let's Encrypt advises.</summary>
    public const int AcmeMaxRenewDaysBefore = 30;

    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var httpsPortKey = ConfigKeys.Of(ConfigKeys.Proxy, "httpsPort");
        var plan = OriginTlsPlan.For(settings);
        if (plan is null)
        {
            if (settings.Tls is not null)
            {
                yield return new ConfigError(ConfigKeys.Full(ConfigKeys.Tls), "has no effect without an HTTPS listener; set infra:proxy.httpsPort (e.g. 443) or remove tls");
            }
            else if (settings.IsCloud && settings.Edge is { Proxied: true })
            {
                yield return new ConfigError(httpsPortKey, "a proxied edge reaches the origin over HTTPS only (SSL mode Full (strict)); set httpsPort: 443");
            }

            yield break;
        }

        var tls = plan.Settings;
        var sourceKey = ConfigKeys.Of(ConfigKeys.Tls, "source");
        var sources = string.Join(", ", CertificateSources.All);
        if (plan.Source is null)
        {
            yield return new ConfigError(sourceKey, $"an unproxied stack brings its own certificate or takes one from an ACME CA: set source: {CertificateSources.Provided} with certificatePem and keySecret, or source: {CertificateSources.Acme} with acmeEmail (or put the edge behind Cloudflare with proxied: true)");
            yield break;
        }

        if (!CertificateSources.All.Contains(plan.Source))
        {
            yield return new ConfigError(sourceKey, $"'{plan.Source}' is not a certificate source; use one of {sources}");
            yield break;
        }

        foreach (var error in SourceFitsStack(settings, plan.Source, sourceKey))
        {
            yield return error;
        }

        foreach (var (field, value, source) in new[]
        {
            ("certificatePem", tls.CertificatePem, CertificateSources.Provided),
            ("keySecret", tls.KeySecret, CertificateSources.Provided),
            ("acmeEmail", tls.AcmeEmail, CertificateSources.Acme),
            ("acmeDirectory", tls.AcmeDirectory, CertificateSources.Acme),
        })
        {
            if (value is not null && plan.Source != source)
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, field), $"is used only with source: {source}; remove it");
            }
        }

        if (plan.Source == CertificateSources.OriginCa && !OriginCaValidities.Contains(tls.ValidityDays))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, "validityDays"), $"{tls.ValidityDays} is not a validity the Origin CA issues; use one of {string.Join(", ", OriginCaValidities)}");
        }
        else if (tls.ValidityDays < 2)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, "validityDays"), $"{tls.ValidityDays} is too short; use at least 2 days");
        }

        if (plan.Source == CertificateSources.Acme && tls.RenewDaysBefore > AcmeMaxRenewDaysBefore)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, "renewDaysBefore"), $"{tls.RenewDaysBefore} is more than {AcmeMaxRenewDaysBefore}: ACME CAs issue for 90 days or fewer (Let's Encrypt is shortening to 45), and a larger margin would ask for a new certificate at nearly every run, into the CA's rate limits");
        }
        else if (tls.RenewDaysBefore < 1 || tls.RenewDaysBefore >= tls.ValidityDays)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, "renewDaysBefore"), $"{tls.RenewDaysBefore} must be from 1 to {Math.Max(1, tls.ValidityDays - 1)} (less than validityDays, {tls.ValidityDays})");
        }

        if (plan.Source == CertificateSources.Provided)
        {
            foreach (var error in ProvidedCertificate(tls, config, settings.StackName))
            {
                yield return error;
            }
        }

        if (plan.Source == CertificateSources.Acme)
        {
            if (settings.Proxy.HttpPort != AcmeChallenge.Port)
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Proxy, "httpPort"), $"{settings.Proxy.HttpPort}: the ACME CA sends its HTTP-01 challenges to port {AcmeChallenge.Port}; set httpPort: {AcmeChallenge.Port} (or remove it) with tls.source {CertificateSources.Acme}");
            }

            foreach (var error in AcmeAccount(tls))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<ConfigError> SourceFitsStack(StackSettings settings, string source, string sourceKey)
    {
        if (!settings.IsCloud && source != CertificateSources.SelfSigned)
        {
            yield return new ConfigError(sourceKey, $"the local stack serves a self-signed certificate; remove source or set it to {CertificateSources.SelfSigned}");
        }
        else if (settings.IsCloud && source == CertificateSources.SelfSigned)
        {
            yield return new ConfigError(sourceKey, $"a self-signed certificate is for the local stack only (browsers and Full (strict) reject it); use {CertificateSources.OriginCa} behind a proxied edge or {CertificateSources.Provided}");
        }
        else if (settings.IsCloud && source == CertificateSources.OriginCa && settings.Edge is not { Proxied: true })
        {
            yield return new ConfigError(sourceKey, $"an Origin CA certificate is trusted only by Cloudflare's edge; set infra:edge.proxied: true or use {CertificateSources.Provided}");
        }
        else if (settings.IsCloud && source == CertificateSources.Acme)
        {
            foreach (var error in AcmeFitsEdge(settings.Edge, sourceKey))
            {
                yield return error;
            }
        }
    }

    /// <summary>
    /// The CA checks each name with an HTTP-01 challenge: a plain-HTTP request on port 80 that must reach
    /// this server's proxy, so the names come from the edge, which must not be proxied, and none may be a
    /// wildcard (issued only against a DNS-01 challenge).
    /// </summary>
    private static IEnumerable<ConfigError> AcmeFitsEdge(EdgeSettings? edge, string sourceKey)
    {
        if (edge is null)
        {
            yield return new ConfigError(ConfigKeys.Full(ConfigKeys.Edge), $"source: {CertificateSources.Acme} issues the certificate for the edge's hostnames; set edge (domain, zoneId, records, proxied: false)");
            yield break;
        }

        if (edge.Proxied)
        {
            yield return new ConfigError(sourceKey, $"an ACME certificate is validated by the CA over plain HTTP straight to this server (HTTP-01), which a proxied edge does not allow for; behind Cloudflare use {CertificateSources.OriginCa} (the default), or set infra:edge.proxied: false");
        }

        foreach (var record in edge.Records.Where(r => r.Contains('*', StringComparison.Ordinal)))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Edge, "records"), $"'{record}' is a wildcard, which an ACME CA issues only against a DNS challenge; source: {CertificateSources.Acme} answers HTTP-01 only: list each name instead");
        }
    }

    private static IEnumerable<ConfigError> AcmeAccount(TlsSettings tls)
    {
        var emailKey = ConfigKeys.Of(ConfigKeys.Tls, "acmeEmail");
        if (string.IsNullOrWhiteSpace(tls.AcmeEmail))
        {
            yield return new ConfigError(emailKey, "is not set; the ACME CA registers the account with this address and sends expiry warnings to it (e.g. ops@example.com)");
        }
        else if (!Email().IsMatch(tls.AcmeEmail))
        {
            yield return new ConfigError(emailKey, $"'{tls.AcmeEmail}' is not an email address");
        }

        if (tls.AcmeDirectory is { } directory
            && (!Uri.TryCreate(directory, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || directory.Any(char.IsWhiteSpace)))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Tls, "acmeDirectory"), $"'{directory}' is not the https URL of an ACME directory; remove it for Let's Encrypt ({AcmeDirectories.LetsEncrypt}) or use e.g. its staging directory ({AcmeDirectories.LetsEncryptStaging})");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s'""`$\\]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial System.Text.RegularExpressions.Regex Email();

    private static IEnumerable<ConfigError> ProvidedCertificate(TlsSettings tls, IStackConfig config, string stack)
    {
        var pemKey = ConfigKeys.Of(ConfigKeys.Tls, "certificatePem");
        if (string.IsNullOrWhiteSpace(tls.CertificatePem))
        {
            yield return new ConfigError(pemKey, "is not set; put the certificate chain (PEM, leaf first) here");
        }
        else if (tls.CertificatePem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            yield return new ConfigError(pemKey, $"holds a private key in plain text; keep only the certificates here and put the key in a secret named by keySecret (`pulumi config set --secret <key> < key.pem --stack {stack}`)");
        }
        else if (ParseError(tls.CertificatePem) is { } problem)
        {
            yield return new ConfigError(pemKey, problem);
        }

        var secretKey = ConfigKeys.Of(ConfigKeys.Tls, "keySecret");
        if (string.IsNullOrWhiteSpace(tls.KeySecret))
        {
            yield return new ConfigError(secretKey, "is not set; name the config key of the secret that holds the certificate's private key (PEM)");
            yield break;
        }

        var value = config.Get(tls.KeySecret);
        if (value is null)
        {
            yield return new ConfigError(ConfigKeys.Full(tls.KeySecret), $"the certificate's private key is not set; run `pulumi config set --secret {tls.KeySecret} < key.pem --stack {stack}`");
        }
        else if (!value.IsSecret)
        {
            yield return new ConfigError(ConfigKeys.Full(tls.KeySecret), $"the certificate's private key is stored in plain text; remove it and run `pulumi config set --secret {tls.KeySecret} < key.pem --stack {stack}`");
        }
    }

    private static string? ParseError(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
        }
    }
}
