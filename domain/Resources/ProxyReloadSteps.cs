namespace Infra.Domain.Resources;

/// <summary>
/// The host steps that reload the running proxy when what they install changed (HAProxy's
/// master-worker reload: new processes take over the listeners, the old ones finish what they serve).
/// A reload touches the live slot's traffic path, so the risk report flags them. Their names are
/// written here once: the components name the steps with these suffixes, and the risk report finds
/// them by them.
/// </summary>
public static class ProxyReloadSteps
{
    /// <summary>Under <see cref="ComponentTypes.EdgeProxy"/>: haproxy.cfg and the switch scripts (reloads when routes changed).</summary>
    public const string Files = "files";

    /// <summary>Under <see cref="ComponentTypes.EdgeProxy"/>: the ACME certificate's renewal (reloads when a certificate was issued).</summary>
    public const string AcmeRenewal = "tls-acme";

    /// <summary>Under <see cref="ComponentTypes.OriginTls"/>: the certificate bundle's install (reloads when it changed).</summary>
    public const string CertificateInstall = "install";

    /// <summary>The suffixes of the reloading steps under a component of <paramref name="componentType"/>.</summary>
    public static IReadOnlyList<string> Of(string componentType) => componentType switch
    {
        ComponentTypes.EdgeProxy => [Files, AcmeRenewal],
        ComponentTypes.OriginTls => [CertificateInstall],
        _ => [],
    };

    /// <summary>Whether <paramref name="resourceName"/>, a child of the component <paramref name="componentName"/>, is one of them.</summary>
    public static bool Reloads(string componentType, string componentName, string resourceName) =>
        Of(componentType).Any(suffix => resourceName == $"{componentName}-{suffix}");
}
