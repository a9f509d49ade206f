using Infra.Domain.Servers;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Components;

/// <summary>Maps planned firewall rules to DigitalOcean's; ICMP has no port range.</summary>
internal static class FirewallRules
{
    public static DigitalOcean.Inputs.FirewallInboundRuleArgs Inbound(FirewallRule rule)
    {
        var args = new DigitalOcean.Inputs.FirewallInboundRuleArgs { Protocol = rule.Protocol, SourceAddresses = rule.Addresses.ToList() };
        if (rule.PortRange != "")
        {
            args.PortRange = rule.PortRange;
        }

        return args;
    }

    public static DigitalOcean.Inputs.FirewallOutboundRuleArgs Outbound(FirewallRule rule)
    {
        var args = new DigitalOcean.Inputs.FirewallOutboundRuleArgs { Protocol = rule.Protocol, DestinationAddresses = rule.Addresses.ToList() };
        if (rule.PortRange != "")
        {
            args.PortRange = rule.PortRange;
        }

        return args;
    }
}
