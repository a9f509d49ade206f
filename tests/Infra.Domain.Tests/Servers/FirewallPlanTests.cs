using System.Text.Json.Nodes;
using Infra.Domain.Servers;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Servers;

public class FirewallPlanTests
{
    [Fact]
    public void Proxied_edge_admits_web_only_from_cloudflare_and_ssh_only_from_admins()
    {
        var settings = Stacks.Prod().Load().Settings!;

        Assert.Equal(
        [
            new FirewallRule("tcp", "22", ["203.0.113.7/32"]),
            new FirewallRule("tcp", "80", CloudflareIpRanges.All),
            new FirewallRule("tcp", "443", CloudflareIpRanges.All),
            new FirewallRule("tcp", "8080", ["203.0.113.7/32"]),
        ], FirewallPlan.Inbound(settings), new RuleComparer());
    }

    [Fact]
    public void Https_port_is_opened_only_when_configured()
    {
        var config = Stacks.Prod();
        config.Proxy = new JsonObject { ["httpsPort"] = 443 };
        config.Edge!["proxied"] = false;
        config.Tls = new JsonObject { ["source"] = "provided", ["certificatePem"] = Infra.Domain.Tls.OriginPullCa.Pem, ["keySecret"] = "tlsKey" };
        config.WithSecret("tlsKey");

        var rules = FirewallPlan.Inbound(config.Load().Settings!);

        Assert.Equal(["22", "80", "443", "8080"], rules.Select(r => r.PortRange));
        Assert.Equal(FirewallPlan.Anywhere, rules.Single(r => r.PortRange == "443").Addresses);
    }

    private sealed class RuleComparer : IEqualityComparer<FirewallRule>
    {
        public bool Equals(FirewallRule? x, FirewallRule? y) =>
            x!.Protocol == y!.Protocol && x.PortRange == y.PortRange && x.Addresses.SequenceEqual(y.Addresses);

        public int GetHashCode(FirewallRule obj) => obj.PortRange.GetHashCode(StringComparison.Ordinal);
    }
}
