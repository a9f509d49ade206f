using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Infra.Bench;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Release.Commands;
using Infra.Release.Health;
using Infra.Release.Hosting;
using Infra.Release.Rollback;
using static Infra.Proxy.Harness.BenchFigures;

// bench/rollback: R runs (default 5) of rollback --now's switch path on the local engine, as the release
// tool runs it (RollbackNowCommand.SwitchOnHostAsync: the stack file read and validated, the previous
// slot's installed switch script run on the host in a helper container beside the proxy), against the
// real proxy (the HAProxy 2.6 stand-in image) and the web service in both slots (each slot's image answers
// GET /version with its slot's name). Before each run green is promoted (not measured); the run then
// rolls back to blue under keep-alive load that never retries. Per run it prints the requests sent and
// failed from 1 s before the command to 2 s after it, `seconds` (from the command's start until only blue
// answers: its first answer after green's last) and `command_s` (the whole switch, observe step included).
// Last line, the summary: rollback_now seconds=T failed=F (T: median over the runs; F: total).
const string Usage = "usage: bench/rollback [--runs N]   (N from 1 to 20, default 5)";
const int Connections = 8;
const int RequestsPerSecond = 400;
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

Console.WriteLine(Invariant($"# bench/rollback: {runs} runs of rollback --now's switch path (green -> blue) on the local Docker engine, under {Connections} keep-alive connections that never retry at ~{RequestsPerSecond} requests/s on GET /version through the proxy's published port (127.0.0.1)"));
Console.WriteLine("# seconds: from the command's start until only blue answers (its first answer after green's last); command_s: the whole switch, observe step included");

Console.WriteLine($"# load average at the start (1, 5, 15 min; this host's CPUs are shared): {LoadAverage()}");
var figures = new List<(double? Seconds, int Failed)>();
using var http = new HttpClient();
try
{
    await using var rig = await DockerStackRig.StartWithSlotVersionsAsync();
    for (var run = 1; run <= runs; run++)
    {
        var (promoted, promotion) = await new HostSwitch(rig.WithActive(Slots.Blue), Slots.Green, rig.Helper).RunAsync(new LocalShell(), cancel);
        if (promoted != SwitchOutcome.Switched)
        {
            throw new InvalidOperationException($"promoting green before run {run} failed (exit {promotion.ExitCode}): {promotion.Output}{promotion.Error}");
        }

        var services = ToolServices(rig, http);
        var load = LoadClient.Start(rig.PublicPort, ["/version"], Connections, RequestsPerSecond);
        long started, ended;
        SwitchedOnHost? switched;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
            started = Stopwatch.GetTimestamp();
            switched = await new RollbackNowCommand(services).SwitchOnHostAsync("local", yes: true, cancel);
            ended = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(2), cancel);
        }
        catch
        {
            await load.StopAsync();
            throw;
        }

        var result = await load.StopAsync();
        if (switched is null)
        {
            throw new InvalidOperationException($"rollback --now's switch failed in run {run} (see above)");
        }

        var window = result.Requests.Where(r => r.SentAt >= started - Stopwatch.Frequency).ToList();
        var onBlue = OnlyAnsweredSince(result, Slots.Blue);
        double? seconds = onBlue is { } at ? Math.Max(0, LoadResult.Milliseconds(started, at) / 1000) : null;
        var failed = window.Count(r => r.Failed);
        figures.Add((seconds, failed));
        Console.WriteLine(Invariant($"rollback run={run} requests={window.Count} failed={failed} seconds={Seconds(seconds)} command_s={LoadResult.Milliseconds(started, ended) / 1000:F3}"));
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

// The tool's services for the switch half of rollback --now: the rig's stack file, this machine's shell,
// the stand-in helper image (no registry here). The bench records nothing, so the engine is never reached.
static ReleaseServices ToolServices(DockerStackRig rig, HttpClient http) => new(
    (_, _) => throw new InvalidOperationException("bench/rollback measures the switch; it selects no engine"),
    _ => throw new InvalidOperationException("bench/rollback measures the switch; it takes no lock"),
    new HttpHealthProbe(http, TimeSpan.FromSeconds(2)),
    HealthTiming.Default,
    (_, _) => throw new InvalidOperationException("bench/rollback uses the host shell only"),
    new BenchConsole(),
    Environment.GetEnvironmentVariable)
{
    StackFiles = _ => RigStackFile.For(rig, Slots.Green),
    Hosts = (settings, _) => Task.FromResult<Infra.Release.Backups.IServerShell>(new LocalShell(settings.Server.DockerHost)),
    HelperImage = rig.Helper,
};

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
