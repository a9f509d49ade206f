using Infra.Domain.Images;
using Infra.Domain.Settings;

namespace Infra.Domain.Environments;

/// <summary>
/// What must be identical between staging and prod: services, ports, routes, health checks,
/// accessories and backup coverage. Sizes, domains, versions, release contents and secret
/// values are left out on purpose: those are allowed to differ.
/// </summary>
public static class StackShape
{
    public static IReadOnlyList<string> Of(StackSettings settings)
    {
        var lines = new List<string>
        {
            $"proxy.httpPort={settings.Proxy.HttpPort}",
            $"proxy.httpsPort={settings.Proxy.HttpsPort}",
            $"proxy.previewPort={settings.Proxy.PreviewPort}",
            $"backup={(settings.Backup is null ? "none" : "configured")}",
        };

        foreach (var service in settings.Services)
        {
            var prefix = $"service[{service.Name}]";
            lines.Add($"{prefix}.image={service.Image}");
            lines.Add($"{prefix}.port={service.Port}");
            lines.Add($"{prefix}.hostPort={service.HostPort}");
            lines.Add($"{prefix}.healthPath={service.HealthPath}");
            lines.Add($"{prefix}.healthCommand={Join(service.HealthCommand ?? [])}");
            lines.Add($"{prefix}.route={service.Route?.Describe()} websockets={service.Route?.WebSockets}");
            lines.Add($"{prefix}.restart={service.Restart}");
            lines.Add($"{prefix}.dependsOn={Join(service.DependsOn.Order(StringComparer.Ordinal))}");
            lines.Add($"{prefix}.env={Join(service.Env.Keys.Order(StringComparer.Ordinal))}");
            lines.Add($"{prefix}.secrets={Join(service.Secrets.Keys.Order(StringComparer.Ordinal))}");
            lines.Add($"{prefix}.releaseTasks={Join(service.ReleaseTasks.Select(t => t.Name))}");
            lines.AddRange(service.Volumes.Select(v => $"{prefix}.volume[{v.Name}]={v.Path} backup={v.Backup}"));
        }

        foreach (var accessory in settings.Accessories)
        {
            var prefix = $"accessory[{accessory.Name}]";
            lines.Add($"{prefix}.kind={accessory.Kind}");
            lines.Add($"{prefix}.image={ImageReference.Parse(accessory.Image).Repository}");
            lines.Add($"{prefix}.port={accessory.Port}");
            lines.Add($"{prefix}.hostPort={accessory.HostPort}");
            lines.Add($"{prefix}.backup={accessory.Backup}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Lines present in one shape and not the other, marked with the stack they come from.</summary>
    public static IReadOnlyList<string> Differences(StackSettings left, StackSettings right)
    {
        var a = Of(left);
        var b = Of(right);
        return a.Except(b).Select(l => $"{left.StackName}: {l}")
            .Concat(b.Except(a).Select(l => $"{right.StackName}: {l}"))
            .ToList();
    }

    private static string Join(IEnumerable<string> items) => string.Join(",", items);
}
