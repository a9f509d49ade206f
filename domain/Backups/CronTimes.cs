namespace Infra.Domain.Backups;

/// <summary>
/// Every value each field of a cron schedule selects, spelled out: the minutes, hours, days of the
/// month, months and days of the week (0-6, Sunday 0; cron's 7 is 0) at which it runs. Only schedules
/// the backup timer accepts (<see cref="CronToOnCalendar"/>) are expanded, and those restrict at most one
/// of the two day fields, so a time is scheduled exactly when all five fields hold it (cron's "either day
/// field" rule never applies), as for the timer.
/// </summary>
public sealed record CronTimes(
    IReadOnlyList<int> Minutes,
    IReadOnlyList<int> Hours,
    IReadOnlyList<int> DaysOfMonth,
    IReadOnlyList<int> Months,
    IReadOnlyList<int> DaysOfWeek)
{
    /// <exception cref="UnsupportedScheduleException">The schedule is not one the backup timer accepts.</exception>
    public static CronTimes Expand(string cron)
    {
        CronToOnCalendar.Convert(cron);
        var fields = CronToOnCalendar.Expand(cron.Trim()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new CronTimes(
            [.. CronField.Values(CronField.Minute.Parse(fields[0], cron))],
            [.. CronField.Values(CronField.Hour.Parse(fields[1], cron))],
            [.. CronField.Values(CronField.DayOfMonth.Parse(fields[2], cron))],
            [.. CronField.Values(CronField.Month.Parse(fields[3], cron))],
            [.. CronField.Values(CronField.DayOfWeek.Parse(fields[4], cron)).Select(d => d % 7).Distinct().Order()]);
    }

    /// <summary>Whether the schedule runs at this minute (seconds ignored), read in the time's own clock.</summary>
    public bool Matches(DateTime time) =>
        Minutes.Contains(time.Minute) && Hours.Contains(time.Hour) && DaysOfMonth.Contains(time.Day)
        && Months.Contains(time.Month) && DaysOfWeek.Contains((int)time.DayOfWeek);
}
