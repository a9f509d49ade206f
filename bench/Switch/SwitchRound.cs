using System.Diagnostics;
using Infra.Proxy.Harness;

namespace Infra.Bench;

/// <summary>
/// One switch under load. <paramref name="Requests"/> and <paramref name="Failed"/>: sent and failed in
/// the run's window (from <see cref="Before"/> the command until <see cref="After"/> it ended).
/// <paramref name="CompleteSeconds"/>: from the start of the command until only the new version answered:
/// to the first answer from it after the last answer from the old one (null: it never answered). <paramref name="GapSeconds"/>: from the first
/// failure seen after the command started to the first answer from the new version, the time in which
/// no request succeeded (0 without a failure; null: no answer from the new version after a failure).
/// </summary>
public sealed record SwitchRound(int Requests, int Failed, int Reconnects, double? CompleteSeconds, double? GapSeconds)
{
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(2);

    /// <param name="command">Switches to the version it is given; returns once the command has ended.</param>
    public static async Task<SwitchRound> Run(Func<LoadClient> startLoad, string target, Func<string, Task> command, CancellationToken cancel)
    {
        var load = startLoad();
        long started;
        try
        {
            await Task.Delay(Before, cancel);
            started = Stopwatch.GetTimestamp();
            await command(target);
            await Task.Delay(After, cancel);
        }
        catch
        {
            await load.StopAsync();
            throw;
        }

        var result = await load.StopAsync();
        var switchedAt = result.OnlyAnsweredSince(target);
        return new SwitchRound(
            result.Requests.Count,
            result.Failures.Count,
            result.Reconnects,
            switchedAt is { } at ? Math.Max(0, Seconds(started, at)) : null,
            Gap(result, target, started));
    }

    private static double? Gap(LoadResult result, string target, long started)
    {
        var firstFailure = result.Requests.Where(r => r.Failed && r.AnsweredAt >= started).Select(r => (long?)r.AnsweredAt).Min();
        if (firstFailure is not { } failedAt)
        {
            return 0;
        }

        var firstAnswer = result.Requests.Where(r => !r.Failed && r.Slot == target && r.AnsweredAt >= failedAt).Select(r => (long?)r.AnsweredAt).Min();
        return firstAnswer is { } answeredAt ? Seconds(failedAt, answeredAt) : null;
    }

    private static double Seconds(long from, long to) => LoadResult.Milliseconds(from, to) / 1000;
}
