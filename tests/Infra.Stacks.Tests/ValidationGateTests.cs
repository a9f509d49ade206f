using System.Text.Json;
using Infra.Domain.Configuration;

namespace Infra.Stacks.Tests;

/// <summary>The program refuses a bad configuration before the deployment starts: nothing is registered.</summary>
public class ValidationGateTests
{
    [Fact]
    public async Task Invalid_config_exits_non_zero_with_every_problem_and_no_stack_trace()
    {
        var variables = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = "prod",
            ["PULUMI_CONFIG"] = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["infra:environment"] = "prod",
                ["infra:server"] = """{"provider":"digitalocean","region":"Frankfurt","size":"s-2vcpu-4gb","image":"debian-12-x64","sshKeys":["1"],"adminCidrs":["203.0.113.7/32"]}""",
                ["infra:services"] = """[{"name":"api","image":"ghcr.io/acme/api","port":3000}]""",
                ["infra:release"] = """{"activeSlot":"blue","slots":{"blue":{"version":"1","images":{"api":"ghcr.io/acme/api:latest"}}}}""",
            }),
        };
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            // Were Deployment.RunAsync reached, it would throw: there is no engine in a test.
            var exitCode = await Infra.Stacks.StackProgram.RunAsync(new PulumiEnvironmentConfig(name => variables.GetValueOrDefault(name)));

            Assert.Equal(1, exitCode);
        }
        finally
        {
            Console.SetError(original);
        }

        var lines = error.ToString().Trim().Split('\n');
        Assert.Equal("stack 'prod' configuration has 6 problem(s); nothing was changed:", lines[0]);
        Assert.Contains(lines, l => l.Contains("infra:server.region: 'Frankfurt'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:services[0].healthPath", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:release.slots.blue.images.api: image 'ghcr.io/acme/api:latest' is not pinned", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:backup: prod has no backups", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("digitalocean:token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("infra:monitoring: prod needs an alert target", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
