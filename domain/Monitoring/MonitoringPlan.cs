using Infra.Domain.Proxy;
using Infra.Domain.Settings;

namespace Infra.Domain.Monitoring;

/// <summary>An HTTP check of one public route, from outside, as a user reaches it.</summary>
/// <param name="Host">The route's host, or the stack's domain; null when only the server's address reaches it.</param>
public sealed record UptimeTarget(string Service, string Scheme, string? Host, string Path);

/// <summary>A droplet metric over a threshold for a while.</summary>
public sealed record DropletAlert(string Name, string Metric, int Percent, string Description);

/// <summary>What the stack watches: every public route, the droplet's CPU, memory and disk, and (with backups) their freshness.</summary>
public sealed record MonitoringPlan(IReadOnlyList<UptimeTarget> Routes, IReadOnlyList<DropletAlert> Droplet, BackupFreshness? Backup = null)
{
    /// <summary>Windows DigitalOcean accepts for droplet alerts.</summary>
    public static readonly IReadOnlyList<string> Windows = ["5m", "10m", "30m", "1h"];

    /// <summary>The regions every uptime check runs from; an outage seen from all of them alerts.</summary>
    public static readonly IReadOnlyList<string> Regions = ["us_east", "eu_west"];

    public static MonitoringPlan For(StackSettings settings, MonitoringSettings monitoring)
    {
        var scheme = Scheme(settings);
        var routes = RoutedService.From(settings)
            .Select(r => new UptimeTarget(r.Name, scheme, r.Host ?? settings.Edge?.Domain, r.PathPrefix))
            .ToList();
        return new MonitoringPlan(routes,
        [
            new("cpu", "v1/insights/droplet/cpu", monitoring.CpuPercent, $"CPU of stack '{settings.StackName}' over {monitoring.CpuPercent}% for {monitoring.Window}"),
            new("memory", "v1/insights/droplet/memory_utilization_percent", monitoring.MemoryPercent, $"memory of stack '{settings.StackName}' over {monitoring.MemoryPercent}% for {monitoring.Window}"),
            new("disk", "v1/insights/droplet/disk_utilization_percent", monitoring.DiskPercent, $"disk of stack '{settings.StackName}' (droplet and data volume) over {monitoring.DiskPercent}% for {monitoring.Window}"),
        ], BackupFreshness.For(settings));
    }

    /// <summary>How users reach the stack: https behind Cloudflare or with the proxy's own TLS.</summary>
    public static string Scheme(StackSettings settings) =>
        settings.Edge is { Proxied: true } || settings.Proxy.HttpsPort is not null ? "https" : "http";
}
