using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;

namespace Infra.Domain.Tests.Hosting;

public class StatusProbeTests
{
    private static readonly StatusProbe Probe = new([new ReadinessProbe("api-blue", 8000, "/health"), new ReadinessProbe("web-green", 3000, "/up")]);

    [Fact]
    public void Runs_once_in_a_helper_of_its_own_name_on_the_stacks_network()
    {
        var command = Probe.HostCommand(new DockerNames("prod"), "r1", helperImage: "helper:test");

        Assert.Equal(["sh", "-c"], command.Take(2));
        Assert.StartsWith("docker run --rm -i --name prod_status-r1 --user 0 --entrypoint bash --network infra-prod helper:test -s -- <<'INFRA_HELPER_SCRIPT'\n", command[2]);
        Assert.Contains("  'api-blue api-blue:8000 /health'\n  'web-green web-green:3000 /up'\n", command[2]);
    }

    [Fact]
    public void Reads_one_status_per_alias_and_ignores_anything_else()
    {
        Assert.Equal(
            new Dictionary<string, int> { ["api-blue"] = 200, ["web-green"] = 0 },
            StatusProbe.ParseOutput("api-blue 200\nweb-green 000\nbash: warning: something\n"));
    }

    [Fact]
    public void The_runtime_query_shares_the_proxys_network_namespace_and_sends_one_read_only_command()
    {
        var settings = new StackSettings
        {
            StackName = "prod",
            Environment = DeploymentEnvironment.Prod,
            Server = new ServerSettings(),
            Release = new ReleaseSettings { ActiveSlot = Slots.Blue },
        };

        var command = RuntimeQuery.ServersState.HostCommand(settings, "r1", helperImage: "helper:test");

        Assert.StartsWith("docker run --rm -i --name prod_proxy-query-r1 --user 0 --entrypoint bash --network container:prod_proxy helper:test -s -- <<'INFRA_HELPER_SCRIPT'\n", command[2]);
        Assert.Contains("tcp_session \"${HAPROXY_RUNTIME:-127.0.0.1:9999}\" 5000 'show servers state' ||", command[2]);
    }
}
