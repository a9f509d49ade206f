using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Commands;
using Infra.Release.Health;
using Infra.Release.Hosting;
using Infra.Release.Rollback;
using Infra.Release.Tests.RealEngine;
using Infra.Release.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Release.Tests.Hosts;

/// <summary>
/// The tool's SSH path for real: its own ssh command line (<see cref="Release.Hosts.SshShell"/>: BatchMode,
/// accept-new host keys, a connect timeout) against a real sshd on 127.0.0.1 (<see cref="SshServer"/>),
/// logging in as root on this machine, whose Docker engine plays the droplet's. A host ssh cannot reach,
/// or one whose host key is not the one on file, stops the command in one line naming it, and nothing
/// on the engine changes.
/// </summary>
[Trait(RequiresProgram.Trait, SshServer.Trait)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public sealed class SshPathTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Rollback_now_switches_over_ssh_and_a_host_ssh_cannot_reach_or_trust_changes_nothing()
    {
        await using var ssh = await SshServer.StartAsync();
        await using var rig = await DockerStackRig.StartWithSlotVersionsAsync();
        var (promoted, promotion) = await new HostSwitch(rig.WithActive(Slots.Blue), Slots.Green, rig.Helper).RunAsync(new LocalShell(), CancellationToken.None);
        Assert.True(promoted == SwitchOutcome.Switched, promotion.Output + promotion.Error);
        var greenConfig = await rig.ReadFile(ProxyLayout.ConfigFileName);
        var console = new RecordingConsole();
        IServerShell host = ssh.ClosedPortShell();
        using var http = new HttpClient();
        var services = new ReleaseServices(
            (_, _) => throw new InvalidOperationException("the stack's engine was selected after the switch was refused"),
            _ => throw new InvalidOperationException("the release lock was taken after the switch was refused"),
            new HttpHealthProbe(http, TimeSpan.FromSeconds(2)),
            Harness.FastTiming,
            (_, _) => throw new InvalidOperationException("rollback --now reaches the host from the stack file alone"),
            console,
            _ => null)
        {
            HelperImage = rig.Helper,
            StackFiles = _ => RigStackFile.For(rig, Slots.Green),
            Hosts = (_, _) => Task.FromResult(host),
        };
        Task<int> RollbackNow()
        {
            console.Lines.Clear();
            console.Errors.Clear();
            return ReleaseCli.Build(services, TimeProvider.System).Parse(["rollback", "--now", "--stack", "local", "--yes"]).InvokeAsync();
        }

        // Nothing listens on the port: one line naming the host, exit 1, traffic and haproxy.cfg as they were.
        Assert.Equal(ExitCodes.Failed, await RollbackNow());
        var refused = Assert.Single(console.Errors);
        Assert.Matches(@"^cannot reach the server root@127\.0\.0\.1 over SSH: ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused$", refused);
        Assert.Equal(Slots.Green, await rig.SlotAnswering("/version"));
        Assert.Equal(greenConfig, await rig.ReadFile(ProxyLayout.ConfigFileName));

        // The server answers with a key other than the one on file: refused the same way, before any command runs.
        host = ssh.ChangedHostKeyShell();
        Assert.Equal(ExitCodes.Failed, await RollbackNow());
        Assert.Equal(["cannot reach the server root@127.0.0.1 over SSH: Host key verification failed."], console.Errors);
        Assert.Equal(Slots.Green, await rig.SlotAnswering("/version"));
        Assert.DoesNotContain("Starting session", ssh.Log);

        // Over SSH for real: the previous slot's installed switch runs on the host, health-gated, and blue takes traffic.
        host = ssh.Shell();
        console.Errors.Clear();
        var switched = await new RollbackNowCommand(services).SwitchOnHostAsync("local", yes: true, CancellationToken.None);
        output.WriteLine(string.Join("\n", console.Lines.Concat(console.Errors)));
        output.WriteLine(ssh.Log);
        Assert.NotNull(switched);
        Assert.Equal(Slots.Blue, switched.Slot);
        Assert.Contains("Starting session: command for root from 127.0.0.1", ssh.Log);
        Assert.Equal(Slots.Blue, await rig.SlotAnswering("/version"));
        Assert.Equal(HaproxyConfig.Render(rig.WithActive(Slots.Green), Slots.Blue), await rig.ReadFile(ProxyLayout.ConfigFileName));
        Assert.Empty(console.Errors);
    }

    [SkippableFact]
    public async Task Status_and_logs_read_the_engine_over_ssh_and_an_unreachable_host_stops_them_in_one_line()
    {
        await using var ssh = await SshServer.StartAsync();
        await using var rig = await OperatorStackRig.StartAsync();
        IServerShell server = ssh.Shell();
        using var tool = new OperatorTool(rig, () => server);
        var console = tool.Console;
        Task<int> Release(params string[] args) => tool.Run(args);

        await rig.Backup.BackUpAndShipWalAsync();
        var exit = await tool.StatusWhenHealthy();

        output.WriteLine(tool.Transcript);
        Assert.True(exit == ExitCodes.Ok, tool.Transcript + "\n" + ssh.Log);
        Assert.Contains($"stack '{rig.Names.Stack}': the stack says blue takes traffic; the proxy says blue", console.Lines);
        Assert.Contains(console.Lines, line => line.StartsWith("web      blue (live)  v1", StringComparison.Ordinal) && line.Contains("running  200", StringComparison.Ordinal));
        Assert.Contains(console.Lines, line => line.StartsWith("cache      redis     running  healthy", StringComparison.Ordinal));
        // The backup's record, read over SSH through the stack's wrapper on the host.
        Assert.Contains(console.Lines, line => line.StartsWith("ok  ", StringComparison.Ordinal) && line.Contains("backed up databases db", StringComparison.Ordinal));
        Assert.Contains("Starting session: command for root from 127.0.0.1", ssh.Log);

        // Logs over SSH: the container is found on the engine, then `docker logs` runs attached (its output is ssh's own).
        Assert.Equal(ExitCodes.Ok, await Release("logs", "cache", "--stack", "local", "--tail", "5"));
        Assert.Empty(console.Errors);
        Assert.Equal(0, (await DockerEngine.Docker("rm", "-f", rig.Names.Container("web-green"))).ExitCode);
        Assert.Equal(ExitCodes.Failed, await Release("logs", "web", "--stack", "local", "--slot", "green"));
        Assert.Equal([$"container {rig.Names.Container("web-green")} (service 'web' in slot green (release v2)) does not exist on the engine of stack '{rig.Names.Stack}'; see `release status --stack {rig.Names.Stack}`"], console.Errors);

        // An unreachable host: one line naming it, exit 1, for both.
        server = ssh.ClosedPortShell();
        var containers = await rig.ContainersNamed(rig.Names.Prefix);
        foreach (var command in new[] { new[] { "status", "--stack", "local" }, ["logs", "api", "--stack", "local"] })
        {
            Assert.Equal(ExitCodes.Failed, await Release(command));
            Assert.Matches(@"^cannot reach the server root@127\.0\.0\.1 over SSH: ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused$", Assert.Single(console.Errors));
        }

        Assert.Equal(containers, await rig.ContainersNamed(rig.Names.Prefix));
        Assert.Empty(rig.Engine.Calls);
    }
}
