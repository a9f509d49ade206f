using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>A service the proxy routes to, its route normalised for matching. Services without a route get no backend.</summary>
public sealed record RoutedService(string Name, int Port, string HealthPath, string? Host, string PathPrefix)
{
    /// <summary>Takes the active slot's traffic on the public listener.</summary>
    public string Backend => Name;

    /// <summary>Takes the idle slot's traffic on the preview listener.</summary>
    public string PreviewBackend => $"{Name}_preview";

    /// <summary>Answers the switch script's health probes, for either slot.</summary>
    public string ProbeBackend => $"{Name}_probe";

    /// <summary>The ACL that matches this service's host.</summary>
    public string HostAcl => $"{Name}_host";

    /// <summary>The ACL that matches this service's path prefix.</summary>
    public string PathAcl => $"{Name}_path";

    public bool MatchesEveryPath => PathPrefix == "/";

    /// <summary>The port each slot's container listens on, as deployed into it; <see cref="Port"/> where the slot does not say.</summary>
    public IReadOnlyDictionary<string, int> SlotPorts { get; init; } = new Dictionary<string, int>();

    public int PortIn(string slot) => SlotPorts.TryGetValue(slot, out var port) ? port : Port;

    /// <summary>A path on the preview listener that the proxy answers with this service's health path in <paramref name="slot"/>.</summary>
    public string ProbePath(string slot) => $"{ProbePrefix}{slot}/{Name}";

    /// <summary>What every probe path starts with; the slot is the path's next segment.</summary>
    public const string ProbePrefix = "/.infra/probe/";

    /// <summary>Which '/'-separated field of a probe path holds the slot (HAProxy's <c>field</c> counts from 1).</summary>
    public static int ProbeSlotField => ProbePrefix.Count(c => c == '/') + 1;

    /// <summary>
    /// The routed services, most specific route first: routes with a host before those without,
    /// then longer path prefixes before shorter ones; ties keep the configuration's order.
    /// </summary>
    public static IReadOnlyList<RoutedService> From(StackSettings settings) =>
        settings.Services
            .Where(s => s.Route is not null)
            .Select(s => From(s) with { SlotPorts = SlotPortsOf(settings, s.Name) })
            .OrderBy(r => r.Host is null)
            .ThenByDescending(r => r.MatchesEveryPath ? 0 : r.PathPrefix.Length)
            .ToList();

    private static Dictionary<string, int> SlotPortsOf(StackSettings settings, string service) =>
        Slots.All
            .Select(slot => (slot, port: settings.ServicesIn(slot).FirstOrDefault(s => s.Name == service)?.Port))
            .Where(p => p.port is not null)
            .ToDictionary(p => p.slot, p => p.port!.Value, StringComparer.Ordinal);

    private static RoutedService From(ServiceSettings service)
    {
        var route = service.Route!;
        var prefix = (route.PathPrefix ?? "/").TrimEnd('/');
        return new RoutedService(
            service.Name,
            service.Port ?? throw Unvalidated(service, "has a route but no port"),
            service.HealthPath ?? throw Unvalidated(service, "has no health path"),
            route.Host?.TrimEnd('.').ToLowerInvariant(),
            prefix.Length == 0 ? "/" : prefix);
    }

    private static InvalidOperationException Unvalidated(ServiceSettings service, string problem) =>
        new($"service '{service.Name}' {problem}; the proxy is rendered only from validated settings");
}
