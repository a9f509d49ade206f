using Infra.Release.Health;
using Microsoft.Extensions.Time.Testing;

namespace Infra.Release.Tests.Health;

/// <summary>The polling rules on a fake clock: a deadline for a new slot, and consecutive failures for a watched route.</summary>
public class HealthChecksTests
{
    private static readonly HealthTiming Timing = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 3);
    private static readonly HealthTarget Web = new("web", new Uri("http://127.0.0.1:1/.infra/probe/green/web"));
    private static readonly HealthTarget Api = new("api", new Uri("http://127.0.0.1:1/.infra/probe/green/api"));

    /// <summary>Answers each target from its script of results, one per call; the last one repeats.</summary>
    private sealed class ScriptedProbe(Dictionary<HealthTarget, bool[]> script) : IHealthProbe
    {
        public Dictionary<HealthTarget, int> Calls { get; } = [];

        public Task<ProbeResult> CheckAsync(HealthTarget target, CancellationToken cancel)
        {
            var call = Calls[target] = Calls.GetValueOrDefault(target) + 1;
            var results = script[target];
            var healthy = results[Math.Min(call, results.Length) - 1];
            return Task.FromResult(new ProbeResult(healthy, healthy ? "HTTP 200" : $"HTTP 503 (call {call})"));
        }
    }

    /// <summary>
    /// Runs a check while moving the fake clock on in tenths of a poll interval, letting the check's
    /// continuations run in between (a real millisecond), until it ends.
    /// </summary>
    private static async Task<HealthFailure?> Run(FakeTimeProvider clock, Func<Task<HealthFailure?>> check)
    {
        var task = check();
        for (var step = 0; !task.IsCompleted && step < 100_000; step++)
        {
            clock.Advance(Timing.Interval / 10);
            await Task.Delay(1);
        }

        return await task;
    }

    [Fact]
    public async Task A_slot_is_healthy_once_every_target_answered_healthy_once()
    {
        var clock = new FakeTimeProvider();
        var probe = new ScriptedProbe(new() { [Web] = [false, false, true], [Api] = [true] });

        var failure = await Run(clock, () => new HealthChecks(probe, Timing, clock).WaitUntilHealthyAsync([Web, Api], CancellationToken.None));

        Assert.Null(failure);
        Assert.Equal(3, probe.Calls[Web]);
        Assert.Equal(1, probe.Calls[Api]);
    }

    [Fact]
    public async Task A_target_never_healthy_fails_at_the_deadline_with_its_last_answer()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var probe = new ScriptedProbe(new() { [Web] = [true], [Api] = [false] });

        var failure = await Run(clock, () => new HealthChecks(probe, Timing, clock).WaitUntilHealthyAsync([Web, Api], CancellationToken.None));

        Assert.NotNull(failure);
        Assert.Equal(Api, failure.Target);
        Assert.Equal($"HTTP 503 (call {probe.Calls[Api]})", failure.Detail);
        Assert.InRange(clock.GetUtcNow() - start, Timing.Deadline, Timing.Deadline + Timing.Interval);
    }

    [Fact]
    public async Task The_last_round_is_asked_at_the_deadline_not_an_interval_after_it()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var timing = Timing with { Deadline = TimeSpan.FromSeconds(2.5), Interval = TimeSpan.FromSeconds(2) };
        var probe = new ScriptedProbe(new() { [Api] = [false] });
        var check = new HealthChecks(probe, timing, clock).WaitUntilHealthyAsync([Api], CancellationToken.None);
        for (var step = 0; !check.IsCompleted && step < 1000; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        // Polls at 0 s and 2 s, then one at the deadline (2.5 s), not a whole interval later (4 s).
        Assert.NotNull(await check);
        Assert.Equal(3, probe.Calls[Api]);
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_watched_route_with_single_blips_stays_healthy()
    {
        var clock = new FakeTimeProvider();
        bool[] blips = [.. Enumerable.Range(0, 40).Select(i => i % 3 != 0)];
        var probe = new ScriptedProbe(new() { [Web] = blips, [Api] = [true, false, false, true] });

        var failure = await Run(clock, () => new HealthChecks(probe, Timing, clock).WatchAsync([Web, Api], CancellationToken.None));

        Assert.Null(failure);
        Assert.True(probe.Calls[Api] >= 4, $"only {probe.Calls[Api]} polls: the blips were not all seen");
    }

    [Fact]
    public async Task A_watched_route_failing_three_times_in_a_row_fails_the_watch_at_once()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var probe = new ScriptedProbe(new() { [Web] = [true], [Api] = [true, false, false, false] });

        var failure = await Run(clock, () => new HealthChecks(probe, Timing, clock).WatchAsync([Web, Api], CancellationToken.None));

        Assert.Equal(new HealthFailure(Api, "HTTP 503 (call 4)"), failure);
        Assert.Equal(4, probe.Calls[Api]);
        Assert.True(clock.GetUtcNow() - start < Timing.Watch);
    }
}
