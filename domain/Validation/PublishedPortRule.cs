using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>A published port (on the host or at the proxy) has exactly one owner.</summary>
public sealed class PublishedPortRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var owners = new Dictionary<int, PortClaim>();
        foreach (var claim in PortClaims.All(settings).Where(c => c.Published))
        {
            if (owners.TryGetValue(claim.Port, out var first))
            {
                yield return new ConfigError(claim.Key, $"port {claim.Port} of {claim.Owner} is already published by {first.Owner} ({first.Key}); give each a port of its own");
            }
            else
            {
                owners[claim.Port] = claim;
            }
        }

        // The proxy's runtime API listens on this port inside the proxy container, beside its listeners.
        var proxy = settings.Proxy;
        foreach (var (port, key) in new[] { ((int?)proxy.HttpPort, "httpPort"), (proxy.HttpsPort, "httpsPort"), (proxy.PreviewPort, "previewPort") })
        {
            if (port == Proxy.ProxyLayout.RuntimePort)
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Proxy, key), $"port {port} is taken by the proxy's runtime API inside its container; choose another");
            }
            else if (port == Proxy.ProxyLayout.ObservePort && proxy.HttpsPort is not null)
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Proxy, key), $"port {port} is taken by the proxy's loopback listener the switch observes routes through (with HTTPS on); choose another");
            }
            else if (port == Proxy.ProxyLayout.AcmeChallengePort && Tls.OriginTlsPlan.For(settings) is { Source: Tls.CertificateSources.Acme })
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Proxy, key), $"port {port} is taken by the ACME client's challenge listener inside the proxy's network namespace (with tls.source acme); choose another");
            }
        }
    }
}
