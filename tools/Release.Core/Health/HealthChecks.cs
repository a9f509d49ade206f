namespace Infra.Release.Health;

/// <summary>A failed health check: which target and what it answered last.</summary>
public sealed record HealthFailure(HealthTarget Target, string Detail)
{
    public override string ToString() => $"{Target} answered {Detail}";
}

/// <summary>Polling with a deadline (a new slot becoming healthy) and watching for a period (a live route staying healthy).</summary>
public sealed class HealthChecks(IHealthProbe probe, HealthTiming timing, TimeProvider clock)
{
    /// <summary>Polls until every target is healthy; the first still failing at the deadline is returned.</summary>
    public async Task<HealthFailure?> WaitUntilHealthyAsync(IReadOnlyList<HealthTarget> targets, CancellationToken cancel)
    {
        var deadline = clock.GetUtcNow() + timing.Deadline;
        var pending = targets.ToList();
        var last = new Dictionary<HealthTarget, string>();
        while (true)
        {
            foreach (var target in pending.ToList())
            {
                var result = await probe.CheckAsync(target, cancel);
                if (result.Healthy)
                {
                    pending.Remove(target);
                }
                else
                {
                    last[target] = result.Detail;
                }
            }

            if (pending.Count == 0)
            {
                return null;
            }

            var remaining = deadline - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return new HealthFailure(pending[0], last[pending[0]]);
            }

            // The last round is asked at the deadline, never a whole interval after it.
            await Task.Delay(remaining < timing.Interval ? remaining : timing.Interval, clock, cancel);
        }
    }

    /// <summary>Polls every target for the watch period; a target failing <see cref="HealthTiming.FailuresToRevert"/> times in a row fails the watch.</summary>
    public async Task<HealthFailure?> WatchAsync(IReadOnlyList<HealthTarget> targets, CancellationToken cancel)
    {
        var end = clock.GetUtcNow() + timing.Watch;
        var failures = targets.ToDictionary(t => t, _ => 0);
        do
        {
            foreach (var target in targets)
            {
                var result = await probe.CheckAsync(target, cancel);
                failures[target] = result.Healthy ? 0 : failures[target] + 1;
                if (failures[target] >= timing.FailuresToRevert)
                {
                    return new HealthFailure(target, result.Detail);
                }
            }

            await Task.Delay(timing.Interval, clock, cancel);
        }
        while (clock.GetUtcNow() < end);

        return null;
    }
}
