using Infra.Domain.Settings;

namespace Infra.Release.Health;

/// <summary>One URL that answers 200 when a service is ready; <paramref name="Host"/> is sent as the Host header for host routes.</summary>
public sealed record HealthTarget(string Service, Uri Url, string? Host)
{
    public override string ToString() => Host is null ? $"{Service} {Url}" : $"{Service} {Url} (Host: {Host})";

    /// <summary>
    /// Every routed service with a health path, reached through the proxy listener on <paramref name="port"/>:
    /// the live listener (httpPort) for the active slot, the preview listener (previewPort) for the idle one.
    /// </summary>
    public static IReadOnlyList<HealthTarget> Routed(StackSettings settings, string address, int port) =>
        settings.Services
            .Where(s => s.Route is not null && s.HealthPath is not null)
            .Select(s => new HealthTarget(s.Name, new Uri($"http://{address}:{port}{PathOf(s.Route!, s.HealthPath!)}"), s.Route!.Host))
            .ToList();

    // The proxy routes by path prefix, so a service under /api is checked at /api/health.
    private static string PathOf(RouteSettings route, string healthPath)
    {
        var prefix = (route.PathPrefix ?? "/").TrimEnd('/');
        return prefix + (healthPath.StartsWith('/') ? healthPath : "/" + healthPath);
    }
}
