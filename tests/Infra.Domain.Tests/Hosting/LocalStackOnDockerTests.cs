using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Releases;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Hosting;

/// <summary>
/// The local stack's host commands on the real engine, each run with a PATH that holds only docker
/// and the shell's basics: proxy files, readiness probes, release tasks and the slot switch, the last
/// two through helper containers against real HAProxy 2.6.
/// </summary>
[Collection(Name)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public sealed class LocalStackOnDockerTests(ITestOutputHelper output)
{
    public const string Name = "docker engine";

    [SkippableFact]
    public async Task Every_host_command_runs_with_only_docker_on_the_path_and_the_switch_moves_traffic()
    {
        await using var rig = await DockerStackRig.StartAsync();

        // Readiness of a service whose image has no shell, curl or wget, observed from outside.
        var ready = await DockerEngine.RunOnBareHost(new ReadinessProbe("web-green", 3000, "/health").HostCommand(rig.Names, seconds: 30, helperImage: rig.Helper));
        output.WriteLine(ready.Output + ready.Error);
        Assert.True(ready.ExitCode == 0, ready.Output + ready.Error);
        Assert.Contains("web-green is ready: GET http://web-green:3000/health answered 200", ready.Output);

        // A release task, run once in a throwaway container of the release's image (no shell in it either).
        var task = Assert.Single(ReleaseTaskPlanner.For(rig.Settings, Slots.Green, rig.Names.Network));
        var taskRun = await DockerEngine.RunOnBareHost(task.DockerRun, stdin: "GREETING=hello\n");
        Assert.True(taskRun.ExitCode == 0, taskRun.Output + taskRun.Error);

        var switched = await DockerEngine.RunOnBareHost(SwitchScript.HostRun(rig.Settings, Slots.Green, rig.Helper));
        output.WriteLine(switched.Output + switched.Error);

        Assert.True(switched.ExitCode == 0, switched.Output + switched.Error);
        Assert.Contains("switched to green", switched.Output);
        Assert.Equal(Slots.Green, await rig.SlotAnswering());
        Assert.Equal(HaproxyConfig.Render(rig.Settings, Slots.Green), await rig.ReadFile(ProxyLayout.ConfigFileName));

        // The record survives a restart of the proxy container.
        await DockerEngine.Docker("restart", rig.Names.Proxy);
        var afterRestart = await DockerStackRigExtensions.EventuallyAnswering(rig);
        Assert.Equal(Slots.Green, afterRestart);
    }

    [SkippableFact]
    public async Task The_local_stack_serves_https_with_a_self_signed_certificate_made_with_only_docker_on_the_path()
    {
        await using var rig = await DockerStackRig.StartAsync(tls: true);

        using var response = await rig.Get("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("CN=localhost", rig.ServerCertificate!.Subject);

        // The key and bundle belong to HAProxy's user (uid 99) alone, in a folder only it can enter.
        var modes = await rig.InFiles("stat -c '%n %u:%g %a' /files/certs /files/certs/origin.key /files/certs/origin.pem");
        Assert.Equal("/files/certs 99:99 700\n/files/certs/origin.key 99:99 600\n/files/certs/origin.pem 99:99 600\n", modes.Output);

        // Plain HTTP only redirects, to the HTTPS port the stack configured.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var redirect = await client.GetAsync($"http://127.0.0.1:{rig.PublicPort}/health");
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://127.0.0.1:{rig.Settings.Proxy.HttpsPort}/health", redirect.Headers.Location!.ToString());

        // Run again, the certificate has months left: kept, and the proxy is not reloaded.
        var again = await DockerEngine.RunOnBareHost(Infra.Domain.Tls.TlsScript.SelfSignedHostRun(rig.Settings, rig.Helper));
        output.WriteLine(again.Output + again.Error);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("self-signed certificate kept", again.Error);
        Assert.DoesNotContain("reloaded", again.Output);

        // The switch observes the routes through the proxy's loopback listener while the public port redirects.
        var switched = await DockerEngine.RunOnBareHost(SwitchScript.HostRun(rig.Settings, Slots.Green, rig.Helper));
        Assert.True(switched.ExitCode == 0, switched.Output + switched.Error);
        Assert.Equal(Slots.Green, await rig.SlotAnswering());
    }

    [SkippableFact]
    public async Task Changed_routes_rewrite_the_files_and_reload_the_running_proxy_with_only_docker_on_the_path()
    {
        await using var rig = await DockerStackRig.StartAsync();
        var web = rig.Settings.Services[0];
        var changed = rig.Settings with { Services = [web with { Route = new RouteSettings { PathPrefix = "/app" } }] };

        var install = await DockerEngine.RunOnBareHost(ProxyInstall.HostRun(changed, rig.Helper));

        Assert.True(install.ExitCode == 0, install.Output + install.Error);
        Assert.Equal("proxy: routes changed, haproxy.cfg rewritten (active slot blue)\nproxy: reloaded\n", install.Output);
        Assert.Equal(HaproxyConfig.Render(changed, Slots.Blue), await rig.ReadFile(ProxyLayout.ConfigFileName));
        Assert.Equal(Slots.Blue, await DockerStackRigExtensions.EventuallyAnswering(rig, "/app"));
    }

    [SkippableFact]
    public async Task A_probe_that_never_sees_2xx_fails_by_its_deadline_and_says_why()
    {
        await using var rig = await DockerStackRig.StartAsync();

        var probe = await DockerEngine.RunOnBareHost(new ReadinessProbe("web-blue", 3000, "/missing").HostCommand(rig.Names, seconds: 3, helperImage: rig.Helper));

        Assert.Equal(1, probe.ExitCode);
        Assert.Contains("web-blue is not ready: GET http://web-blue:3000/missing did not answer 2xx within 3 s (last: status 404)", probe.Error);
        Assert.Contains($"last log lines of {rig.Names.Container("web-blue")}:", probe.Error);
    }

    /// <summary>Issue 11: with the proxy's files on a full disk the switch stops before it flips, loudly; freed, the next run succeeds.</summary>
    [SkippableFact]
    public async Task A_full_disk_stops_the_switch_before_anything_flips_and_the_next_run_succeeds()
    {
        await using var rig = await DockerStackRig.StartAsync("--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=256k");
        var fill = await rig.InFiles("cat /dev/zero > /files/filler; df -k /files | tail -n 1");
        output.WriteLine(fill.Output + fill.Error);

        var refused = await DockerEngine.RunOnBareHost(SwitchScript.HostRun(rig.Settings, Slots.Green, rig.Helper));
        output.WriteLine(refused.Output + refused.Error);

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("nothing changed, traffic stays where it was", refused.Error);
        Assert.DoesNotContain("3/5 flip", refused.Output);
        Assert.Equal(Slots.Blue, await rig.SlotAnswering());
        Assert.Equal(HaproxyConfig.Render(rig.Settings, Slots.Blue), await rig.ReadFile(ProxyLayout.ConfigFileName));
        var leftovers = await rig.InFiles("ls -A /files");
        Assert.Equal(["bin", "filler", "haproxy.cfg", "haproxy.cfg.lock", "rendered"], leftovers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        await rig.InFiles("rm /files/filler");
        var again = await DockerEngine.RunOnBareHost(SwitchScript.HostRun(rig.Settings, Slots.Green, rig.Helper));

        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(Slots.Green, await rig.SlotAnswering());
        Assert.Equal(HaproxyConfig.Render(rig.Settings, Slots.Green), await rig.ReadFile(ProxyLayout.ConfigFileName));
    }
}

[CollectionDefinition(LocalStackOnDockerTests.Name, DisableParallelization = true)]
public sealed class DockerEngineCollection;

internal static class DockerStackRigExtensions
{
    /// <summary>The slot answering once the proxy answers from a slot again (after a restart), within 30 s.</summary>
    public static async Task<string> EventuallyAnswering(DockerStackRig rig, string path = "/")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var slot = await rig.SlotAnswering(path);
                if (slot.Length > 0 || DateTime.UtcNow > deadline)
                {
                    return slot;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200);
        }
    }
}
