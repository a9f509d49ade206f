using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Release.Commands;
using Infra.Release.Hosting;
using Infra.Release.Rollback;
using Xunit.Abstractions;

namespace Infra.Release.Tests.Rollback;

/// <summary>
/// rollback --now's switch as the tool runs it on the local stack's host (<see cref="LocalShell"/>:
/// `bash -c` of the stack's helper command, which runs the installed switch script beside the proxy)
/// against the real engine: the proxy (HAProxy 2.6 stand-in) and the web service in both slots.
/// </summary>
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public sealed class HostSwitchOnEngineTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_previous_slot_takes_traffic_and_the_proxy_file_names_it()
    {
        await using var rig = await DockerStackRig.StartWithSlotVersionsAsync();
        await SwitchAsync(rig.WithActive(Slots.Blue), Slots.Green, rig.Helper, SwitchOutcome.Switched);
        Assert.Equal(Slots.Green, await rig.SlotAnswering("/version"));

        var live = rig.WithActive(Slots.Green);
        var previous = RollbackCommand.RequireSwitchBack(live.StackName, live);
        var result = await SwitchAsync(live, previous, rig.Helper, SwitchOutcome.Switched);

        Assert.Equal(Slots.Blue, previous);
        Assert.Contains("switched to blue", result.Output);
        Assert.Equal(Slots.Blue, await rig.SlotAnswering("/version"));
        Assert.Equal(HaproxyConfig.Render(live, Slots.Blue), await rig.ReadFile(ProxyLayout.ConfigFileName));
    }

    /// <summary>Health-gated as ever: the script waits out its verify deadline (60 s) for the slot, then refuses it and nothing changes.</summary>
    [SkippableFact]
    public async Task An_unhealthy_previous_slot_is_refused_and_traffic_stays()
    {
        await using var rig = await DockerStackRig.StartWithSlotVersionsAsync();
        await DockerEngine.Docker("stop", "--time", "1", rig.Names.Container("web-green"));

        var result = await SwitchAsync(rig.WithActive(Slots.Blue), Slots.Green, rig.Helper, SwitchOutcome.NothingChanged);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not switching to green: 1 service(s) not healthy", result.Error);
        Assert.Equal(Slots.Blue, await rig.SlotAnswering("/version"));
        Assert.Equal(HaproxyConfig.Render(rig.Settings, Slots.Blue), await rig.ReadFile(ProxyLayout.ConfigFileName));
    }

    private async Task<Backups.ShellResult> SwitchAsync(StackSettings settings, string slot, string helper, SwitchOutcome expected)
    {
        var (outcome, result) = await new HostSwitch(settings, slot, helper).RunAsync(new LocalShell(), CancellationToken.None);
        output.WriteLine($"exit {result.ExitCode}\n{result.Output}{result.Error}");
        Assert.True(outcome == expected, $"expected {expected}, got {outcome} (exit {result.ExitCode}): {result.Output}{result.Error}");
        return result;
    }
}
