using Infra.Domain.Proxy;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Command = Pulumi.Command;
using Docker = Pulumi.Docker;

namespace Infra.Stacks.Tests;

public class EdgeProxyTests
{
    private static Task<T> Value<T>(Input<T> input) => OutputUtilities.GetValueAsync(input.ToOutput());

    [Fact]
    public async Task Proxy_owns_the_public_ports_from_the_pinned_image_with_its_files_mounted()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var proxy = run.Named<Docker.Container>("proxy");

        Assert.Equal(ProxyImage.Reference, await Value(run.ArgsOf<Docker.RemoteImageArgs>("proxy-image").Name));
        var ports = (await OutputUtilities.GetValueAsync(proxy.Ports)).Select(p => (p.Internal, p.External, p.Ip)).ToList();
        Assert.Equal([(80, (int?)80, "0.0.0.0"), (8080, 8080, "0.0.0.0")], ports);
        var volumes = (await OutputUtilities.GetValueAsync(proxy.Volumes)).Select(v => (v.HostPath, v.ContainerPath, v.ReadOnly)).ToList();
        Assert.Equal([("/srv/infra/proxy", "/usr/local/etc/haproxy", (bool?)true), ("/srv/infra/proxy-socket", "/var/run/haproxy", null)], volumes);
    }

    [Fact]
    public async Task Local_proxy_listens_on_loopback_only()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));

        var ports = await OutputUtilities.GetValueAsync(run.Named<Docker.Container>("proxy").Ports);
        Assert.All(ports, p => Assert.Equal("127.0.0.1", p.Ip));
        Assert.Equal([8088, 8089], ports.Select(p => p.Internal));
    }

    [Fact]
    public async Task Switch_runs_the_active_slots_script_after_its_containers()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var args = run.ArgsOf<Command.Remote.CommandArgs>("proxy-switch");

        Assert.Equal("HAPROXY_SOCKET=/srv/infra/proxy-socket/admin.sock HAPROXY_CONFIG=/srv/infra/proxy/haproxy.cfg /srv/infra/bin/switch-to-blue", await Value(args.Create!));
        Assert.Equal(["api-blue", "proxy", "proxy-files", "server-ready", "web-blue", "worker-blue"], run.RecordOf("proxy-switch").DependsOn);
    }
}
