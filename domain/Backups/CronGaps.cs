namespace Infra.Domain.Backups;

/// <summary>How far apart a cron schedule's runs can be, so that a missed run can be told from a wait.</summary>
public static class CronGaps
{
    /// <summary>Two years from a Monday in a leap year: every weekday, month length and Feb 29 occur.</summary>
    private static readonly DateTime From = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private static readonly TimeSpan Span = TimeSpan.FromDays(731);

    /// <summary>
    /// The longest time between two consecutive runs (server local time, as cron; DST ignored); zero when
    /// the schedule runs fewer than twice in two years.
    /// </summary>
    /// <exception cref="UnsupportedScheduleException">The schedule is not one the backup timer accepts.</exception>
    public static TimeSpan Longest(string cron)
    {
        var schedule = CronTimes.Expand(cron);
        var times = schedule.Hours.SelectMany(h => schedule.Minutes.Select(m => new TimeSpan(h, m, 0))).ToList();

        DateTime? previous = null;
        var longest = TimeSpan.Zero;
        for (var day = From; day < From + Span; day = day.AddDays(1))
        {
            if (!schedule.Months.Contains(day.Month) || !schedule.DaysOfMonth.Contains(day.Day) || !schedule.DaysOfWeek.Contains((int)day.DayOfWeek))
            {
                continue;
            }

            foreach (var time in times)
            {
                var run = day + time;
                if (previous is { } last && run - last > longest)
                {
                    longest = run - last;
                }

                previous = run;
            }
        }

        return longest;
    }
}
