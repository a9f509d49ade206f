using Infra.Domain.Configuration;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Validation;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Command = Pulumi.Command;

namespace Infra.Stacks.Tests;

/// <summary>
/// The local stack's host commands are exactly the domain's renderings that the Requires=docker tests
/// (tests/Infra.Domain.Tests/Hosting) run with only docker on PATH: the proxy files, the switch and a
/// readiness probe per HTTP service.
/// </summary>
public class HostCommandTests
{
    [Fact]
    public async Task Every_host_command_of_the_local_stack_is_a_helper_run_the_docker_tests_prove()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));
        var settings = StackConfiguration.Load(PulumiEnvironmentConfig.FromProcess()).Settings!;
        var names = DockerNames.For(settings);

        var commands = new Dictionary<string, string>();
        foreach (var record in run.Recorded.Where(r => r.Type == "command:local:Command" && r.Name != "server-ready"))
        {
            commands[record.Name] = await OutputUtilities.GetValueAsync(((Command.Local.CommandArgs)record.Args).Create!.ToOutput());
        }

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["proxy-files"] = ProxyInstall.HostRun(settings),
                ["proxy-switch"] = SwitchScript.HostRun(settings, "blue"),
                ["proxy-tls-install"] = Infra.Domain.Tls.TlsScript.SelfSignedHostRun(settings),
                ["api-blue-ready"] = new ReadinessProbe("api-blue", 8000, "/health").HostCommand(names),
                ["web-blue-ready"] = new ReadinessProbe("web-blue", 3000, "/health").HostCommand(names),
            },
            commands);
    }
}
