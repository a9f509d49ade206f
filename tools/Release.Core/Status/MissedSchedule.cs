using Cronos;

namespace Infra.Release.Status;

/// <summary>
/// Whether the backup schedule wanted a run that never came: the first scheduled time after the last
/// recorded run is more than <see cref="Grace"/> in the past. The timer runs on the server's clock,
/// which is UTC on a droplet; the local engine's scheduler reads the schedule in UTC too.
/// </summary>
public static class MissedSchedule
{
    /// <summary>Time a due run has to start and record itself (the timer's accuracy, a wait for the host lock).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>The run the schedule wanted after <paramref name="lastRun"/>, or null when the schedule never fires again.</summary>
    public static DateTimeOffset? NextDue(string cron, DateTimeOffset lastRun) =>
        CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(lastRun, TimeZoneInfo.Utc);

    public static bool IsMissed(string cron, DateTimeOffset lastRun, DateTimeOffset now) =>
        NextDue(cron, lastRun) is { } due && due + Grace < now;
}
