using Infra.Release.Engine;

namespace Infra.Release.Risk;

/// <summary>Resources that hold data or identity a replacement or deletion would lose.</summary>
public static class StatefulResources
{
    public const string DockerContainer = "docker:index/container:Container";

    private static readonly IReadOnlyDictionary<string, string> ByType = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["digitalocean:index/droplet:Droplet"] = "droplet",
        ["digitalocean:index/reservedIp:ReservedIp"] = "reserved IP",
        ["digitalocean:index/volume:Volume"] = "volume",
        ["docker:index/volume:Volume"] = "docker volume",
        ["cloudflare:index/dnsRecord:DnsRecord"] = "DNS record",
        ["cloudflare:index/record:Record"] = "DNS record",
        ["digitalocean:index/spacesBucket:SpacesBucket"] = "Spaces bucket",
    };

    /// <summary>What kind of stateful resource the step touches, or null when it holds nothing to lose.</summary>
    public static string? Kind(StepEvent step)
    {
        if (ByType.TryGetValue(step.Type, out var kind))
        {
            return kind;
        }

        return step.Type == DockerContainer && step.Parent is { } parent && Urns.Type(parent) == Infra.Domain.Resources.ComponentTypes.Accessory
            ? "accessory container"
            : null;
    }
}
