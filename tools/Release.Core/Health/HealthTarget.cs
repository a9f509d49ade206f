using Infra.Domain.Proxy;
using Infra.Domain.Settings;

namespace Infra.Release.Health;

/// <summary>One URL that answers 2xx when a service is ready.</summary>
public sealed record HealthTarget(string Service, Uri Url)
{
    public override string ToString() => $"{Service} {Url}";

    /// <summary>
    /// Every routed service of <paramref name="slot"/>, asked through the proxy's preview listener at
    /// its probe path, which the proxy maps to that slot's own health path. Asking the container's
    /// health path for a given slot needs no guess at how the app mounts under its route prefix, and
    /// works for the active slot too (the switch step already observed the public routes).
    /// </summary>
    public static IReadOnlyList<HealthTarget> Probes(StackSettings settings, string address, string slot) =>
        RoutedService.From(settings)
            .Select(s => new HealthTarget(s.Name, new Uri($"http://{address}:{settings.Proxy.PreviewPort}{s.ProbePath(slot)}")))
            .ToList();
}
