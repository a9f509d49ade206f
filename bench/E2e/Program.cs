using System.Diagnostics;
using System.Globalization;
using Infra.Stacks.Tests.Engine;

// Runs the local stack's release cycle (LocalStackCycle.Run: release 1 in blue, release 2 into green with its
// task, preview, promote, switch back, a secret rotated through the idle slot, proxy restart) N times on the real
// Docker engine, each on a stack of its own that is removed afterwards. Prints a line per cycle and last:
//   e2e cycles=C requests=N failed=F live_restarts=L seconds=S
// (requests, failed, live_restarts: totals over the cycles; seconds: wall time of all of them).
// Usage: E2e [cycles]   (default 1)
var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
if (cycles < 1)
{
    Console.Error.WriteLine("usage: E2e [cycles]   (cycles >= 1)");
    return 2;
}

var total = Stopwatch.StartNew();
int requests = 0, failed = 0, liveRestarts = 0, badRestores = 0;
for (var i = 1; i <= cycles; i++)
{
    var watch = Stopwatch.StartNew();
    await using var cycle = await LocalStackCycle.Create();
    var result = await cycle.Run();
    requests += result.Load.Requests.Count;
    failed += result.Load.Failures.Count;
    liveRestarts += result.LiveRestarts;
    badRestores += result.Backup.LiveRows == result.Backup.RestoredRows ? 0 : 1;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cycle {i}: stack={cycle.Stack} requests={result.Load.Requests.Count} failed={result.Load.Failures.Count} live_restarts={result.LiveRestarts} backup_rows={result.Backup.LiveRows} restored_rows={result.Backup.RestoredRows} seconds={watch.Elapsed.TotalSeconds:F1}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"e2e cycles={cycles} requests={requests} failed={failed} live_restarts={liveRestarts} seconds={total.Elapsed.TotalSeconds:F1}"));
return failed == 0 && liveRestarts == 0 && badRestores == 0 ? 0 : 1;
