using System.Diagnostics;
using Infra.Proxy.Harness;

namespace Infra.Bench;

/// <summary>One switch under load: how many requests failed, and how long until only the new slot answered.</summary>
public sealed record SwitchRound(int Requests, double Seconds, int Failed, int Reconnects, double? ObservedMs)
{
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(2);

    public static async Task<SwitchRound> Run(ProxyRig rig, string target, Func<string, Task> @switch)
    {
        var load = rig.StartLoad();
        await Task.Delay(Before);
        var started = Stopwatch.GetTimestamp();
        await @switch(target);
        await Task.Delay(After);
        var result = await load.StopAsync();
        var switchedAt = result.SwitchedAt(target);
        return new SwitchRound(
            result.Requests.Count,
            LoadResult.Milliseconds(result.Requests[0].SentAt, result.Requests[^1].SentAt) / 1000,
            result.Failures.Count,
            result.Reconnects,
            switchedAt is { } at ? Math.Max(0, LoadResult.Milliseconds(started, at)) : null);
    }
}
