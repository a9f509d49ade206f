using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

public class SwitchScriptTests
{
    [Fact]
    public void Renders_the_reviewed_script()
    {
        Snapshot.Matches(SwitchScript.Render(ProxyStack.Prod(), Slots.Green), "tests", "Infra.Domain.Tests", "Proxy", "Snapshots", "switch-to-green.sh");
    }

    [Theory]
    [InlineData(Slots.Blue)]
    [InlineData(Slots.Green)]
    public void Persists_the_configuration_rendered_for_its_target(string target)
    {
        var script = SwitchScript.Render(ProxyStack.Prod(Slots.Blue), target);

        var embedded = script.Split("<<'HAPROXY_CFG'\n")[1].Split("\nHAPROXY_CFG\n")[0] + "\n";
        Assert.Equal(HaproxyConfig.Render(ProxyStack.Prod(), target), embedded);
    }

    [Fact]
    public void Flips_each_backend_new_slot_ready_before_old_slot_maint()
    {
        var script = SwitchScript.Render(ProxyStack.Prod(), Slots.Green);

        var flip = script.Split("flip=(\n")[1].Split("\n)")[0].Split('\n').Select(line => line.Trim().Trim('\'')).ToList();
        Assert.Equal(16, flip.Count);
        Assert.Equal(
            ["set server chat/green state ready", "set server chat/blue state maint", "set server chat_preview/blue state ready", "set server chat_preview/green state maint"],
            flip.Take(4));
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Is_valid_bash()
    {
        var bash = RequiresProgram.Program("bash");
        var path = System.IO.Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, SwitchScript.Render(ProxyStack.Prod(), Slots.Blue));
            var result = await ProcessRunner.Run(bash, ["-n", path]);

            Assert.True(result.ExitCode == 0, result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
