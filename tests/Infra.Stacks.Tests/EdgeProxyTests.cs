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
        Assert.Equal([(80, (int?)80, "0.0.0.0"), (443, 443, "0.0.0.0"), (8080, 8080, "0.0.0.0")], ports);
        // On a droplet the files are in its host folder; no socket is mounted (the runtime API is loopback TCP).
        var volumes = (await OutputUtilities.GetValueAsync(proxy.Volumes)).Select(v => (v.HostPath, v.ContainerPath, v.ReadOnly)).ToList();
        Assert.Equal([("/srv/infra/proxy", "/usr/local/etc/haproxy", (bool?)true)], volumes);
        Assert.Equal("prod_proxy", await OutputUtilities.GetValueAsync(proxy.Name));
        Assert.Null(run.ArgsOf<Docker.ContainerArgs>("proxy").Healthcheck);
    }

    [Fact]
    public async Task Local_proxy_files_are_in_a_named_volume_of_the_stack_written_by_a_helper()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));

        var volume = Assert.Single(await OutputUtilities.GetValueAsync(run.Named<Docker.Container>("proxy").Volumes));
        Assert.Equal(("local_proxy-files", (string?)null, "/usr/local/etc/haproxy", (bool?)true), (volume.VolumeName, volume.HostPath, volume.ContainerPath, volume.ReadOnly));
        Assert.Equal("local_proxy-files", await Value(run.ArgsOf<Docker.VolumeArgs>("proxy-files-volume").Name!));
        var create = await Value(run.ArgsOf<Command.Local.CommandArgs>("proxy-files").Create!);
        Assert.StartsWith(
            $"set -eu\nstatus=0\ndocker run --rm -i --name local_proxy-files --user 0 --entrypoint bash --volume local_proxy-files:/usr/local/etc/haproxy {ProxyImage.Reference} -s -- <<'INFRA_HELPER_SCRIPT' || status=$?\n",
            create);
        Assert.Contains("    docker kill -s USR2 local_proxy >/dev/null\n", create);
        Assert.Equal(["proxy-files-volume", "server-ready"], run.RecordOf("proxy-files").DependsOn);
    }

    [Fact]
    public async Task Local_proxy_listens_on_loopback_only()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));

        var ports = await OutputUtilities.GetValueAsync(run.Named<Docker.Container>("proxy").Ports);
        Assert.All(ports, p => Assert.Equal("127.0.0.1", p.Ip));
        Assert.Equal([8088, 8443, 8089], ports.Select(p => p.Internal));
    }

    [Fact]
    public async Task Switch_runs_the_active_slots_script_after_its_containers()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var args = run.ArgsOf<Command.Remote.CommandArgs>("proxy-switch");

        var create = await Value(args.Create!);
        Assert.StartsWith(
            $"set -eu\ndocker run --rm -i --name prod_proxy-switch --user 0 --entrypoint bash --network container:prod_proxy --volume /srv/infra/proxy:/usr/local/etc/haproxy {ProxyImage.Reference} -s -- <<'INFRA_HELPER_SCRIPT'\nexec bash /usr/local/etc/haproxy/bin/switch-to-blue\n",
            create);
        // After the active slot is ready: the services' probes, the worker's healthcheck.
        Assert.Equal(["api-blue-ready", "proxy", "proxy-files", "server-ready", "web-blue-ready", "worker-blue"], run.RecordOf("proxy-switch").DependsOn);
    }
}
