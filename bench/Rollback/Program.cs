using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Infra.Bench;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Release.Hosting;
using Infra.Release.Rollback;
using Infra.TestSupport;
using static Infra.Proxy.Harness.BenchFigures;

// bench/rollback: R runs (default 5) of `release rollback --now --stack local --yes` as a person runs it:
// scripts/release as a process of its own (the tool built once before the runs, not timed), reading the
// stack file from its working folder, running the previous slot's installed switch script on the local
// engine in a helper container beside the proxy. Against the real proxy (the HAProxy 2.6 stand-in image)
// and the web service in both slots (GET /version answers with the slot's name), named as the stack
// `local` is. Before each run green is promoted (not measured); the run then rolls back to blue under
// keep-alive load that never retries. The recording half has no Pulumi CLI here (see ToolFolder), so it
// fails with its UnrecordedSwitch report, which the bench requires: it starts only after the switch and
// cannot move traffic, and a real update of the stack needs the CLI and providers these machines lack.
// Per run: the requests sent and failed from 1 s before the command to 2 s after it, `seconds` (from the
// process's start until only blue answers: its first answer after green's last) and `command_s` (until
// the process ended, its recording report included), then where the time went, in ms after the start.
// Last line, the summary: rollback_now seconds=T failed=F (T: median over the runs; F: total).
const string Usage = "usage: bench/rollback [--runs N]   (N from 1 to 20, default 5)";
const int Connections = 8;
const int RequestsPerSecond = 400;
const string RecordingRefused = "rollback --now: traffic moved, but recording it as a stack update failed: the Pulumi CLI is not installed";
var runs = 5;
if (args is ["--runs", var text] && int.TryParse(text, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 20)
{
    runs = count;
}
else if (args.Length > 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var interrupted = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
var cancel = interrupted.Token;
var script = RepoFiles.Path("scripts", "release");
string[] command = ["rollback", "--now", "--stack", "local", "--yes"];

if (await LocalStackOnEngine() is { } found)
{
    Console.Error.WriteLine($"bench/rollback names its stack 'local', and the engine already has {found}; remove that stack first (nothing was started)");
    return 2;
}

var build = await ProcessRunner.Run(script, ["--version"], timeout: TimeSpan.FromMinutes(15));
if (build.ExitCode != 0)
{
    Console.Error.WriteLine($"bench/rollback: building the tool failed: {build.Error}");
    return 1;
}

Console.WriteLine(Invariant($"# bench/rollback: {runs} runs of `scripts/release {string.Join(' ', command)}` as a process (green -> blue) on the local Docker engine, under {Connections} keep-alive connections that never retry at ~{RequestsPerSecond} requests/s on GET /version through the proxy's published port (127.0.0.1)"));
Console.WriteLine("# seconds: from the process's start until only blue answers (its first answer after green's last); command_s: until the process ended (its recording fails here: no Pulumi CLI)");
Console.WriteLine("# ms: tool_ready (its first line, just before it runs docker), helper_created, helper_started, blue_only, helper_exited (the script's observe step done), helper_removed, exited");
Console.WriteLine($"# load average at the start (1, 5, 15 min; this host's CPUs are shared): {LoadAverage()}");
var figures = new List<(double? Seconds, int Failed)>();
try
{
    await using var rig = await DockerStackRig.StartWithSlotVersionsAsync(stack: "local");
    using var folder = ToolFolder.Create(rig.Helper);
    for (var run = 1; run <= runs; run++)
    {
        var (promoted, promotion) = await new HostSwitch(rig.WithActive(Slots.Blue), Slots.Green, rig.Helper).RunAsync(new LocalShell(), cancel);
        if (promoted != SwitchOutcome.Switched)
        {
            throw new InvalidOperationException($"promoting green before run {run} failed (exit {promotion.ExitCode}): {promotion.Output}{promotion.Error}");
        }

        folder.WriteStackFile(rig, Slots.Green);
        await using var helper = await HelperEvents.WatchAsync(rig.Names.Container("proxy-switch"));
        var load = LoadClient.Start(rig.PublicPort, ["/version"], Connections, RequestsPerSecond);
        ToolProcess tool;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
            tool = await ToolProcess.RunAsync(script, command, folder.Project, folder.Environment, cancel);
            await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        }
        catch
        {
            await load.StopAsync();
            throw;
        }

        var result = await load.StopAsync();
        if (tool.ExitCode != 1 || tool.Errors.FirstOrDefault()?.Text.StartsWith(RecordingRefused, StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"run {run}: the tool did not switch and then report the unrecorded switch (exit {tool.ExitCode}):\n{string.Join("\n", tool.Output.Concat(tool.Errors).Select(l => l.Text))}");
        }

        var started = tool.Started;
        var window = result.Requests.Where(r => r.SentAt >= started - Stopwatch.Frequency).ToList();
        var onBlue = OnlyAnsweredSince(result, Slots.Blue);
        double? seconds = onBlue is { } at ? Math.Max(0, LoadResult.Milliseconds(started, at) / 1000) : null;
        var failed = window.Count(r => r.Failed);
        figures.Add((seconds, failed));
        Console.WriteLine(Invariant($"rollback run={run} requests={window.Count} failed={failed} seconds={Seconds(seconds)} command_s={LoadResult.Milliseconds(started, tool.Ended) / 1000:F3}"));
        string Ms(long? at) => at is { } t ? Invariant($"{LoadResult.Milliseconds(started, t):F0}") : "-";
        Console.WriteLine(
            $"#   ms tool_ready={Ms(tool.Output.FirstOrDefault()?.At)} helper_created={Ms(helper.At("create", started))} helper_started={Ms(helper.At("start", started))} " +
            $"blue_only={Ms(onBlue)} helper_exited={Ms(helper.At("die", started))} helper_removed={Ms(helper.At("destroy", started))} exited={Ms(tool.Ended)}");
        Console.WriteLine($"#   the tool said: {tool.Output.LastOrDefault()?.Text}");
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("bench/rollback: interrupted; everything it started is removed, no summary");
    return 130;
}

Console.WriteLine($"# load average at the end: {LoadAverage()}");
Console.WriteLine(Invariant($"# worst seconds={Seconds(figures.Select(f => f.Seconds ?? double.PositiveInfinity).Max() is var worst && double.IsPositiveInfinity(worst) ? null : worst)}"));
Console.WriteLine(Invariant($"rollback_now seconds={Seconds(Median(figures.Select(f => f.Seconds)))} failed={figures.Sum(f => f.Failed)}"));
return 0;

// The rig takes the names of the stack 'local' (the tool's --stack): never beside a real one.
static async Task<string?> LocalStackOnEngine()
{
    var names = new Infra.Domain.Hosting.DockerNames("local");
    var containers = await DockerEngine.Docker("ps", "-a", "--filter", $"name=^{names.Prefix}", "--format", "{{.Names}}");
    var networks = await DockerEngine.Docker("network", "ls", "--filter", $"name=^{names.Network}$", "--format", "{{.Name}}");
    var volumes = await DockerEngine.Docker("volume", "ls", "--filter", $"name=^{names.Prefix}", "--format", "{{.Name}}");
    var found = new[] { containers, networks, volumes }
        .SelectMany(listed => listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToList();
    return found.Count == 0 ? null : string.Join(", ", found.Take(5));
}

// The first answer from the slot after the last answer from any other (bodies end in a newline).
static long? OnlyAnsweredSince(LoadResult result, string slot)
{
    var answered = result.Requests.Where(r => !r.Failed).ToList();
    var lastOther = answered.Where(r => r.Slot?.Trim() != slot).Select(r => r.AnsweredAt).DefaultIfEmpty(long.MinValue).Max();
    var after = answered.Where(r => r.AnsweredAt > lastOther && r.Slot?.Trim() == slot).Select(r => r.AnsweredAt).ToList();
    return after.Count == 0 ? null : after.Min();
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}
