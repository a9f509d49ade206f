using Infra.Domain.Settings;

namespace Infra.Domain.Tls;

/// <summary>
/// HTTPS at the origin, when <c>infra:proxy.httpsPort</c> is set: where the certificate comes from,
/// whether only Cloudflare's origin-pull client certificate is admitted, and for which names. The
/// source defaults by stack: <c>originCa</c> behind a proxied Cloudflare edge, <c>selfSigned</c> on the
/// local stack; an unproxied cloud stack must say <c>provided</c> (validation names the key).
/// </summary>
public sealed record OriginTlsPlan
{
    public required int HttpsPort { get; init; }

    /// <summary>One of <see cref="CertificateSources"/>; null only for settings that did not pass validation.</summary>
    public required string? Source { get; init; }

    /// <summary>Authenticated Origin Pulls: HAProxy admits only clients with a certificate from Cloudflare's origin-pull CA.</summary>
    public bool VerifyOriginPull => Source == CertificateSources.OriginCa;

    /// <summary>The names the certificate is issued for.</summary>
    public required IReadOnlyList<string> Hostnames { get; init; }

    public required TlsSettings Settings { get; init; }

    /// <summary>Self-signed certificates on the local stack name this machine.</summary>
    public static readonly IReadOnlyList<string> LocalHostnames = ["localhost"];

    /// <summary>Strict-Transport-Security's max-age: one year.</summary>
    public const int HstsMaxAgeSeconds = 31536000;

    public static OriginTlsPlan? For(StackSettings settings)
    {
        if (settings.Proxy.HttpsPort is not { } port)
        {
            return null;
        }

        var tls = settings.Tls ?? new TlsSettings();
        var source = tls.Source ?? DefaultSource(settings);
        return new OriginTlsPlan
        {
            HttpsPort = port,
            Source = source,
            Hostnames = source == CertificateSources.SelfSigned ? LocalHostnames : settings.Edge?.Hostnames ?? [],
            Settings = tls,
        };
    }

    public static string? DefaultSource(StackSettings settings) =>
        !settings.IsCloud ? CertificateSources.SelfSigned
        : settings.Edge is { Proxied: true } ? CertificateSources.OriginCa
        : null;
}
