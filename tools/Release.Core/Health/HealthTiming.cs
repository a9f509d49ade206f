namespace Infra.Release.Health;

/// <param name="Deadline">How long a new slot may take to answer healthy before the step fails.</param>
/// <param name="Interval">Pause between polls.</param>
/// <param name="Watch">How long the live route is watched after a switch.</param>
/// <param name="FailuresToRevert">Consecutive failed polls of one target that count as unhealthy (one blip is not).</param>
public sealed record HealthTiming(TimeSpan Deadline, TimeSpan Interval, TimeSpan Watch, int FailuresToRevert)
{
    public static readonly HealthTiming Default = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), 3);
}
