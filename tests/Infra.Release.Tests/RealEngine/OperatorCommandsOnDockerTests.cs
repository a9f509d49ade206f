using System.Text.Json;
using Infra.Release.Commands;
using Infra.Release.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Release.Tests.RealEngine;

/// <summary>
/// status, logs and exec against real containers on the local engine, through the real command line
/// and core: health asked from outside by a helper container, the proxy's slot read from HAProxy's
/// runtime API in its network namespace, logs and consoles from Docker itself.
/// </summary>
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public sealed class OperatorCommandsOnDockerTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Status_logs_and_exec_read_the_real_stack_and_leave_nothing_behind()
    {
        await using var rig = await OperatorStackRig.StartAsync();
        var shell = new ThisMachineShell();
        using var tool = new OperatorTool(rig, () => shell, () => shell);
        var console = tool.Console;
        Task<int> Release(params string[] args) => tool.Run(args);

        // A real backup and WAL shipment through the stack's wrappers: their records are in the backup volume, not on this host.
        await rig.Backup.BackUpAndShipWalAsync();

        // Everything starts within the deadline: Redis's healthcheck, the proxy, both slots.
        var exit = await tool.StatusWhenHealthy();

        output.WriteLine(tool.Transcript);
        Assert.True(exit == ExitCodes.Ok, tool.Transcript);
        Assert.Contains($"stack '{rig.Names.Stack}': the stack says blue takes traffic; the proxy says blue", console.Lines);
        Assert.Contains(console.Lines, line => line.StartsWith("web      blue (live)  v1", StringComparison.Ordinal) && line.Contains("running  200", StringComparison.Ordinal));
        Assert.Contains(console.Lines, line => line.StartsWith("api      green        v2", StringComparison.Ordinal) && line.Contains("running  200", StringComparison.Ordinal));
        Assert.Contains(console.Lines, line => line.StartsWith("cache      redis     running  healthy", StringComparison.Ordinal));
        Assert.Contains(console.Lines, line => line.StartsWith("db         postgres  running  healthy", StringComparison.Ordinal));

        // Issues 12 and 13 on the local stack: the last backup (ok, its size) and db's WAL archiving, read from where the scripts wrote them.
        var backupHeader = console.Lines.IndexOf(console.Lines.Single(line => line.StartsWith("BACKUP  ", StringComparison.Ordinal)));
        // The scheduler container runs it on the schedule, so the next run is due as on a droplet.
        Assert.Matches(@"^ok +\d{4}-\d\d-\d\d \d\d:\d\d UTC +\d+[sm] +[0-9.]+ [KMG]?i?B \([0-9.]+ [KMG]?i?B new\) +\d{4}-\d\d-\d\d 03:15 UTC +backed up databases db", console.Lines[backupHeader + 1]);
        var walHeader = console.Lines.IndexOf(console.Lines.Single(line => line.StartsWith("WAL ARCHIVING  ", StringComparison.Ordinal)));
        Assert.Matches(@"^db +ok +\d+ segments / [0-9.]+ MiB +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+[sm] ago\) +WAL shipped", console.Lines[walHeader + 1]);
        Assert.Equal(0, await Release("status", "--stack", "local", "--json"));
        using (var json = JsonDocument.Parse(string.Join("\n", console.Lines)))
        {
            var backup = json.RootElement.GetProperty("backup");
            Assert.Equal("ok", backup.GetProperty("result").GetString());
            Assert.True(backup.GetProperty("sizeBytes").GetInt64() > 0, backup.ToString());
            var wal = Assert.Single(json.RootElement.GetProperty("walArchiving").EnumerateArray());
            Assert.Equal(("db", "ok"), (wal.GetProperty("accessory").GetString(), wal.GetProperty("state").GetString()));
        }

        // The proxy moved to green behind the stack's back, and api's green container stopped: status says both.
        await rig.SwitchProxyTo("green");
        Assert.Equal(0, (await DockerEngine.Docker("stop", "-t", "1", rig.Names.Container("api-green"))).ExitCode);
        Assert.Equal(ExitCodes.Failed, await Release("status", "--stack", "local", "--json"));
        using (var json = JsonDocument.Parse(string.Join("\n", console.Lines)))
        {
            output.WriteLine(json.RootElement.ToString());
            Assert.Equal("green", json.RootElement.GetProperty("proxySlot").GetString());
            Assert.Equal(
            [
                $"api (green): container {rig.Names.Container("api-green")} is exited",
                "route web: the proxy sends it to green, the stack says blue",
                "route api: the proxy sends it to green, the stack says blue",
            ], json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        }

        // Logs, straight from the engine.
        Assert.Equal(0, await Release("logs", "cache", "--stack", "local", "--tail", "20"));
        Assert.Contains("Ready to accept connections", shell.Attached[^1]);
        Assert.Equal(1, await Release("logs", "web", "--stack", "local", "--slot", "purple"));
        Assert.Equal(["--slot 'purple' is not a slot; use active, idle, blue, green"], console.Errors);
        Assert.Equal(0, (await DockerEngine.Docker("rm", "-f", rig.Names.Container("web-green"))).ExitCode);
        Assert.Equal(1, await Release("logs", "web", "--stack", "local", "--slot", "green"));
        Assert.Equal([$"container {rig.Names.Container("web-green")} (service 'web' in slot green (release v2)) does not exist on the engine of stack '{rig.Names.Stack}'; see `release status --stack {rig.Names.Stack}`"], console.Errors);

        // A console in a new container of blue's api image, with blue's env and secret, removed afterwards.
        var attached = shell.Attached.Count;
        Assert.Equal(0, await Release("exec", "api", "--stack", "local", "--", "/bin/sh", "-c", "echo \"token=$API_TOKEN greeting=$GREETING port=$PORT\""));
        Assert.Equal($"token={OperatorStackRig.ApiToken} greeting=hello port=8000\n", shell.Attached[attached]);
        Assert.DoesNotContain(shell.Commands, command => command.Contains(OperatorStackRig.ApiToken, StringComparison.Ordinal));
        Assert.Empty(await rig.ContainersNamed(rig.Names.Container("api-blue-exec")));
        Assert.Equal(7, await Release("exec", "api", "--stack", "local", "--", "/bin/sh", "-c", "exit 7"));
        Assert.Empty(await rig.ContainersNamed(rig.Names.Container("api-blue-exec")));

        // --reuse runs in the running container.
        Assert.Equal(0, await Release("exec", "api", "--stack", "local", "--reuse", "--", "/bin/sh", "-c", "echo \"reused $PORT\""));
        Assert.Equal("reused 8000\n", shell.Attached[^1]);
        Assert.Empty(rig.Engine.Calls);
    }
}
