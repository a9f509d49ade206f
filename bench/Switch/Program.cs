using System.Globalization;
using System.Runtime.InteropServices;
using Infra.Bench;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.TestSupport;
using static Infra.Proxy.Harness.BenchFigures;

// bench/switch: R runs (default 5), each switching one way after the other under the same load, 16
// keep-alive connections that never retry at ~4000 requests/s, everything on 127.0.0.1:
//   stack   the stack's rendered switch script flips HAProxy between the slots through its runtime API
//   naive   one container replaced in place, as `docker rm -f app && docker run -p 3000:3000 app:v2`
//           (see NaiveContainer: a process on a fixed port, hit directly, killed and started again)
//   reload  for comparison, HAProxy's file + USR2 reload; not in the summary
// With --tls the stack and reload ways run over HTTPS with origin pulls verified (see ProxyRig).
// It prints '#' lines saying so, a line per run and way, and last the summary
//   switch runs=R requests=N failed=F complete_s=T naive_failed=F2 naive_gap_s=G tls=yes|no
// where requests, failed and naive_failed are totals over the runs (a single bad run shows in the
// total) and complete_s (stack) and naive_gap_s are medians over the runs.
if (args is ["container", var version, var portText])
{
    return await NaiveContainer.ServeAsync(version, int.Parse(portText, CultureInfo.InvariantCulture));
}

const string Usage = "usage: bench/switch [--runs N] [--tls] [path-to-haproxy]   (N from 1 to 50, default 5; haproxy default /usr/sbin/haproxy)";
var runs = 5;
var tls = false;
string? haproxy = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--tls")
    {
        tls = true;
    }
    else if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 50)
    {
        runs = count;
        i++;
    }
    else if (!args[i].StartsWith('-') && haproxy is null)
    {
        haproxy = args[i];
    }
    else
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

haproxy ??= "/usr/sbin/haproxy";

// Ctrl+C or SIGTERM end the current run; everything started is stopped on the way out.
using var interrupted = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
var cancel = interrupted.Token;

var listenTimeout = TimeSpan.FromSeconds(30);
var naivePath = ProxyRig.PathOf("web");
Console.WriteLine(Invariant($"# bench/switch: {runs} runs; per run and way, under 16 keep-alive connections that never retry at ~4000 requests/s, all on 127.0.0.1:"));
Console.WriteLine("#   stack   the stack's rendered switch script: HAProxy flipped between the blue and green slots through its runtime API");
Console.WriteLine("#   naive   no blue-green: ONE container serving the route, replaced in place as `docker rm -f app && docker run -p 3000:3000 app:v2`.");
Console.WriteLine("#           There is no Docker or image registry here: the container is a process of this program serving the new version");
Console.WriteLine("#           on one fixed port, which the load hits directly (no proxy, as a published port). It is killed (SIGKILL, as rm -f)");
Console.WriteLine("#           and a new process is started on the same port. Docker's own create/start time is not included (a lower bound).");
Console.WriteLine("#   reload  for comparison, not in the summary: HAProxy's configuration file replaced, then a master-worker reload (USR2)");
Console.WriteLine("# requests/failed: sent/failed from 1 s before the command to 2 s after it ended (naive: after the new process listened).");
Console.WriteLine("# complete_s: from the start of the command until only the new slot/version answered (its first answer after the old one's last),");
Console.WriteLine("#   seen in the load's responses (each backend answers with its slot/version).");
Console.WriteLine("# gap_s: from the first failure after the command started to the first answer of the new version: no request succeeded.");
Console.WriteLine("# summary: requests, failed, naive_failed are totals over the runs; complete_s (stack) and naive_gap_s are medians.");
if (tls)
{
    Console.WriteLine("# --tls: the stack and reload ways load HTTPS keep-alive connections as Cloudflare's edge makes them: each verifies the proxy's");
    Console.WriteLine("#   chain (a certificate made by the stack's tls.sh key and install steps, signed by a test CA standing in for the Origin CA)");
    Console.WriteLine("#   and presents a client certificate of a test CA standing in for the origin-pull CA (verify required). The naive way stays plain HTTP.");
}

var stack = new List<SwitchRound>();
var naive = new List<SwitchRound>();
var reload = new List<SwitchRound>();
try
{
    await using var rig = await ProxyRig.StartAsync(haproxy, masterWorker: true, tls: tls);
    var naivePort = FreePort.Next();
    var container = NaiveContainer.Run(Slots.Blue, naivePort);
    try
    {
        await container.WaitUntilListeningAsync(listenTimeout, cancel);
        for (var run = 1; run <= runs; run++)
        {
            // The proxy is on blue at the start of each run: the stack's way switches to green, the reload back to blue.
            var round = await SwitchRound.Run(() => rig.StartLoad(), Slots.Green, async slot =>
            {
                var script = await rig.SwitchAsync(slot);
                if (script.ExitCode != 0)
                {
                    throw new InvalidOperationException($"switch-to-{slot} failed: {script}");
                }
            }, cancel);
            stack.Add(round);
            Console.WriteLine(Invariant($"switch run={run} way=stack requests={round.Requests} failed={round.Failed} complete_s={Seconds(round.CompleteSeconds)}"));

            round = await SwitchRound.Run(() => LoadClient.Start(naivePort, [naivePath]), Slots.Other(container.Version), async version =>
            {
                await container.DisposeAsync();
                container = NaiveContainer.Run(version, naivePort);
                // The command ends with `docker run -d`; waiting for the process to listen only places the end of the window.
                await container.WaitUntilListeningAsync(listenTimeout, cancel);
            }, cancel);
            naive.Add(round);
            Console.WriteLine(Invariant($"switch run={run} way=naive requests={round.Requests} failed={round.Failed} gap_s={Seconds(round.GapSeconds)} complete_s={Seconds(round.CompleteSeconds)}"));

            round = await SwitchRound.Run(() => rig.StartLoad(), Slots.Blue, rig.ReloadToAsync, cancel);
            reload.Add(round);
            Console.WriteLine(Invariant($"switch run={run} way=reload requests={round.Requests} failed={round.Failed} complete_s={Seconds(round.CompleteSeconds)}"));
        }
    }
    finally
    {
        await container.DisposeAsync();
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("bench/switch: interrupted; everything it started is stopped, no summary");
    return 130;
}

Console.WriteLine(Invariant($"switch runs={runs} requests={stack.Sum(r => r.Requests)} failed={stack.Sum(r => r.Failed)} complete_s={Seconds(Median(stack.Select(r => r.CompleteSeconds)))} naive_failed={naive.Sum(r => r.Failed)} naive_gap_s={Seconds(Median(naive.Select(r => r.GapSeconds)))} tls={(tls ? "yes" : "no")}"));
return 0;

void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}
