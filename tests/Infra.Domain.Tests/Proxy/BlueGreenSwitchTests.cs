using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Proxy;

/// <summary>
/// The rendered haproxy.cfg and switch script, for real: HAProxy 2.6 on 127.0.0.1, a backend per
/// service and slot, and 16 keep-alive connections that never retry, at about 4000 requests/s.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class BlueGreenSwitchTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Switching_under_load_fails_no_request_and_keeps_every_connection_open()
    {
        await using var rig = await RealProxy.StartRig();
        var target = Slots.Green;
        for (var round = 1; round <= 3; round++)
        {
            var old = Slots.Other(target);
            var load = rig.StartLoad();
            ScriptRun run;
            LoadResult result;
            try
            {
                await Task.Delay(500);
                run = await rig.SwitchAsync(target);
                await Task.Delay(500);
            }
            finally
            {
                result = await load.StopAsync();
            }

            output.WriteLine(run.ToString());
            output.WriteLine($"round {round} {old}->{target}: {result.Describe()}; switch observed {LoadResult.Milliseconds(run.StartedAt, result.SwitchedAt(target) ?? run.EndedAt):F0} ms after the script started");

            Assert.True(run.ExitCode == 0, $"round {round}: {run}");
            Assert.True(result.Failures.Count == 0, $"round {round}: {result.Describe()}");
            Assert.Equal((0, 16), (result.Reconnects, result.OpenAtEnd));
            Assert.True(result.AnsweredBy(old) > 100 && result.AnsweredBy(target) > 100, $"round {round}: the load did not run across the switch: {result.Describe()}");
            Assert.All(result.SentAfter(run.EndedAt), r => Assert.Equal(target, r.Slot));
            target = old;
        }
    }

    [SkippableFact]
    public async Task The_switched_slot_survives_a_restart_of_the_proxy()
    {
        await using var rig = await RealProxy.StartRig();
        var run = await rig.SwitchAsync(Slots.Green);
        Assert.True(run.ExitCode == 0, run.ToString());

        await rig.RestartAsync();

        foreach (var service in ProxyRig.Services)
        {
            Assert.Equal([Slots.Green], await RealProxy.SlotsAnswering(rig.PublicPort, ProxyRig.PathOf(service)));
            Assert.Equal([Slots.Blue], await RealProxy.SlotsAnswering(rig.PreviewPort, ProxyRig.PathOf(service)));
        }
    }

    [SkippableTheory]
    [InlineData("api", false)]
    [InlineData("web", true)]
    public async Task An_unhealthy_target_is_refused_by_name_and_traffic_stays_on_the_old_slot(string service, bool stopped)
    {
        await using var rig = await RealProxy.StartRig();
        var configBefore = await File.ReadAllTextAsync(rig.ConfigPath);
        var unhealthy = rig.Backend(service, Slots.Green);
        if (stopped)
        {
            await unhealthy.StopAsync();
        }
        else
        {
            unhealthy.Healthy = false;
        }

        var load = rig.StartLoad();
        ScriptRun run;
        LoadResult result;
        try
        {
            await Task.Delay(300);
            run = await rig.SwitchAsync(Slots.Green, verifySeconds: 2);
            await Task.Delay(300);
        }
        finally
        {
            result = await load.StopAsync();
        }

        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"  {service}: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain($"  {ProxyRig.Services.Single(s => s != service)}: ", run.Error, StringComparison.Ordinal);
        Assert.True(result.Failures.Count == 0, result.Describe());
        Assert.Equal((0, result.Requests.Count), (result.AnsweredBy(Slots.Green), result.AnsweredBy(Slots.Blue)));
        Assert.Equal(configBefore, await File.ReadAllTextAsync(rig.ConfigPath));
    }

    [SkippableFact]
    public async Task The_proxy_starts_without_the_idle_slots_container_and_refuses_to_switch_to_it()
    {
        await using var rig = await RealProxy.StartRig(("api", Slots.Green));

        Assert.Equal([Slots.Blue], await RealProxy.SlotsAnswering(rig.PublicPort, ProxyRig.PathOf("api")));
        var run = await rig.SwitchAsync(Slots.Green, verifySeconds: 1);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("  api: the proxy has not resolved the address of api-green", run.Error, StringComparison.Ordinal);
        Assert.Equal([Slots.Blue], await HaproxyRuntime.ServingSlotsAsync(rig.RuntimeAddress, "api"));
    }

    [SkippableFact]
    public async Task Switching_to_the_active_slot_changes_nothing_but_still_verifies()
    {
        await using var rig = await RealProxy.StartRig();
        var configBefore = await File.ReadAllTextAsync(rig.ConfigPath);

        var run = await rig.SwitchAsync(Slots.Blue);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(configBefore, await File.ReadAllTextAsync(rig.ConfigPath));
        Assert.Equal([Slots.Blue], await RealProxy.SlotsAnswering(rig.PublicPort, "/"));

        rig.Backend("api", Slots.Blue).Healthy = false;
        run = await rig.SwitchAsync(Slots.Blue, verifySeconds: 1);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("  api: ", run.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_preview_listener_reaches_the_idle_slot_only()
    {
        await using var rig = await RealProxy.StartRig();
        foreach (var (active, idle) in new[] { (Slots.Blue, Slots.Green), (Slots.Green, Slots.Blue) })
        {
            if (active == Slots.Green)
            {
                var run = await rig.SwitchAsync(Slots.Green);
                Assert.True(run.ExitCode == 0, run.ToString());
            }

            foreach (var service in ProxyRig.Services)
            {
                Assert.Equal([idle], await RealProxy.SlotsAnswering(rig.PreviewPort, ProxyRig.PathOf(service)));
                Assert.Equal([active], await RealProxy.SlotsAnswering(rig.PublicPort, ProxyRig.PathOf(service)));
            }
        }
    }
}
