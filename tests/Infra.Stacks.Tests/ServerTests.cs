using System.Collections.Immutable;
using Infra.Domain.Servers;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Cloudflare = Pulumi.Cloudflare;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Stacks.Tests;

public class ServerTests
{
    private static Task<T> Value<T>(Output<T> output) => OutputUtilities.GetValueAsync(output);

    private static async Task<T[]> Values<T>(Output<ImmutableArray<T>> output) => [.. await OutputUtilities.GetValueAsync(output)];

    [Fact]
    public async Task Firewall_admits_web_from_cloudflare_and_ssh_and_preview_from_admins_only()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var firewall = run.Named<DigitalOcean.Firewall>("server-firewall");

        var inbound = (await Value(firewall.InboundRules))
            .Select(r => (r.Protocol, r.PortRange, string.Join(",", r.SourceAddresses)))
            .ToList();
        Assert.Equal(
        [
            ("tcp", "22", "203.0.113.7/32"),
            ("tcp", "80", string.Join(",", CloudflareIpRanges.All)),
            ("tcp", "443", string.Join(",", CloudflareIpRanges.All)),
            ("tcp", "8080", "203.0.113.7/32"),
        ], inbound);
        Assert.Equal([int.Parse(Mocks.DropletId)], await Values(firewall.DropletIds));

        var outbound = (await Value(firewall.OutboundRules)).Select(r => (r.Protocol, r.PortRange, string.Join(",", r.DestinationAddresses))).ToList();
        Assert.Equal([("tcp", "1-65535", "0.0.0.0/0,::/0"), ("udp", "1-65535", "0.0.0.0/0,::/0"), ("icmp", null, "0.0.0.0/0,::/0")], outbound);
    }

    [Fact]
    public async Task Unproxied_edge_admits_web_from_anywhere()
    {
        var run = await StackRun.OfEditedRepoStack("staging", text => text.Replace("proxied: true", "proxied: false").Replace("  infra:proxy:\n    httpsPort: 443\n", ""), TeamSecrets.For("staging"));

        var web = (await Value(run.Named<DigitalOcean.Firewall>("server-firewall").InboundRules)).Single(r => r.PortRange == "80");
        Assert.Equal(["0.0.0.0/0", "::/0"], web.SourceAddresses.ToArray());
    }

    [Fact]
    public async Task Droplet_in_its_vpc_with_keys_monitoring_backups_volume_and_cloud_init()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var droplet = run.Named<DigitalOcean.Droplet>("server-droplet");

        Assert.Equal("server-vpc_id", await Value(droplet.VpcUuid));
        Assert.Equal(["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"], await Values(droplet.SshKeys));
        Assert.True(await Value(droplet.Monitoring));
        Assert.True(await Value(droplet.Backups));
        Assert.Equal(["server-volume_id"], await Values(droplet.VolumeIds));
        Assert.Equal(CloudInit.Render("infra-prod-data"), await Value(droplet.UserData));
        Assert.Equal(("s-2vcpu-4gb", "fra1"), (await Value(droplet.Size), await Value(droplet.Region)));
    }

    [Fact]
    public async Task Staging_droplet_has_no_droplet_backups()
    {
        var run = await StackRun.OfRepoStack("staging", TeamSecrets.For("staging"));

        Assert.False(await Value(run.Named<DigitalOcean.Droplet>("server-droplet").Backups));
    }

    [Fact]
    public async Task Reserved_ip_is_assigned_to_the_droplet_and_dns_points_at_it()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var assignment = run.Named<DigitalOcean.ReservedIpAssignment>("server-ip-assignment");
        Assert.Equal(int.Parse(Mocks.DropletId), await Value(assignment.DropletId));
        Assert.Equal(Mocks.ReservedAddress, await Value(assignment.IpAddress));

        var record = run.Named<Cloudflare.DnsRecord>("edge-apex");
        Assert.Equal(("acme.example", "A", Mocks.ReservedAddress, true, 1d),
            (await Value(record.Name), await Value(record.Type), await Value(record.Content), await Value(record.Proxied), await Value(record.Ttl)));
        Assert.Equal(Mocks.ReservedAddress, run.Outputs["publicAddress"] is Output<string> address ? await Value(address) : null);
    }

    [Fact]
    public async Task Data_volume_is_sized_by_config_and_formatted()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var volume = run.Named<DigitalOcean.Volume>("server-volume");

        Assert.Equal(100, await Value(volume.Size));
        Assert.Equal("infra-prod-data", await Value(volume.Name));
    }

    [Fact]
    public async Task Readiness_runs_over_ssh_on_the_reserved_address()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var ready = run.Named<Pulumi.Command.Remote.Command>("server-ready");

        Assert.Equal(ServerReadiness.Script, await Value(ready.Create));
        var connection = await Value(ready.Connection);
        Assert.Equal((Mocks.ReservedAddress, "root"), (connection.Host, connection.User));
    }
}
