using Infra.Domain.Settings;

namespace Infra.Domain.Servers;

public sealed record FirewallRule(string Protocol, string PortRange, IReadOnlyList<string> Addresses);

/// <summary>
/// The droplet's firewall: web ports from the edge (Cloudflare only when proxied), SSH and the
/// idle-slot listener from the admin networks, nothing else in. Everything out.
/// </summary>
public static class FirewallPlan
{
    public static readonly IReadOnlyList<string> Anywhere = ["0.0.0.0/0", "::/0"];

    public static IReadOnlyList<FirewallRule> Inbound(StackSettings settings)
    {
        var web = settings.Edge is { Proxied: true } ? CloudflareIpRanges.All : Anywhere;
        var admin = settings.Server.AdminCidrs;
        var rules = new List<FirewallRule>
        {
            new("tcp", "22", admin),
            new("tcp", settings.Proxy.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), web),
        };
        if (settings.Proxy.HttpsPort is { } https)
        {
            rules.Add(new("tcp", https.ToString(System.Globalization.CultureInfo.InvariantCulture), web));
        }

        rules.Add(new("tcp", settings.Proxy.PreviewPort.ToString(System.Globalization.CultureInfo.InvariantCulture), admin));
        return rules;
    }

    public static IReadOnlyList<FirewallRule> Outbound { get; } =
    [
        new("tcp", "1-65535", Anywhere),
        new("udp", "1-65535", Anywhere),
        new("icmp", "", Anywhere),
    ];
}
