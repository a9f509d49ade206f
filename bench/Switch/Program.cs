using System.Globalization;
using Infra.Bench;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;

// Prints one line per method and a summary line:
//   switch method=runtime rounds=5 failed_min=.. failed_median=.. failed_max=.. observed_ms_min=.. ...
//   switch runtime_failed_max=N reload_failed_max=M observed_ms_median=T   (T: the runtime switch)
// Each round: 16 keep-alive connections that never retry at ~4000 requests/s for 1 s, the switch,
// 2 s more. "observed" is from the start of the switch to the first request after which only the
// new slot answered (for the runtime switch, the script's verification is included).
const int Rounds = 5;
var haproxy = args.FirstOrDefault() ?? "/usr/sbin/haproxy";

await using var rig = await ProxyRig.StartAsync(haproxy, masterWorker: true);
var target = Slots.Green;

var runtime = new List<SwitchRound>();
for (var i = 0; i < Rounds; i++, target = Slots.Other(target))
{
    runtime.Add(await SwitchRound.Run(rig, target, async slot =>
    {
        var run = await rig.SwitchAsync(slot);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"switch-to-{slot} failed: {run}");
        }
    }));
}

var reload = new List<SwitchRound>();
for (var i = 0; i < Rounds; i++, target = Slots.Other(target))
{
    reload.Add(await SwitchRound.Run(rig, target, rig.ReloadToAsync));
}

Print("runtime", runtime);
Print("reload", reload);
Console.WriteLine(Invariant($"switch runtime_failed_max={runtime.Max(r => r.Failed)} reload_failed_max={reload.Max(r => r.Failed)} observed_ms_median={Median(runtime.Select(r => r.ObservedMs ?? double.NaN)):F0}"));

static void Print(string method, IReadOnlyList<SwitchRound> rounds)
{
    var failed = rounds.Select(r => (double)r.Failed).ToList();
    var observed = rounds.Select(r => r.ObservedMs ?? double.NaN).ToList();
    var rate = rounds.Sum(r => r.Requests) / rounds.Sum(r => r.Seconds);
    Console.WriteLine(Invariant($"switch method={method} rounds={rounds.Count} failed_min={failed.Min()} failed_median={Median(failed)} failed_max={failed.Max()} observed_ms_min={observed.Min():F0} observed_ms_median={Median(observed):F0} observed_ms_max={observed.Max():F0} reconnects_max={rounds.Max(r => r.Reconnects)} requests_per_s={rate:F0}"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
