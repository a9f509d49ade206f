using Cronos;
using Infra.Domain.Backups;

namespace Infra.Domain.Tests.Backups;

public class CronTimesTests
{
    private static readonly int[] EveryDay = [.. Enumerable.Range(1, 31)];
    private static readonly int[] EveryMonth = [.. Enumerable.Range(1, 12)];
    private static readonly int[] EveryWeekday = [0, 1, 2, 3, 4, 5, 6];

    [Fact]
    public void A_daily_schedule_names_one_minute_of_one_hour_on_every_day()
    {
        var times = CronTimes.Expand("15 3 * * *");

        Assert.Equal([15], times.Minutes);
        Assert.Equal([3], times.Hours);
        Assert.Equal(EveryDay, times.DaysOfMonth);
        Assert.Equal(EveryMonth, times.Months);
        Assert.Equal(EveryWeekday, times.DaysOfWeek);
    }

    [Fact]
    public void Steps_ranges_lists_and_names_become_explicit_values()
    {
        var times = CronTimes.Expand("*/20 1-3,10 * JAN-MAR mon-fri");

        Assert.Equal([0, 20, 40], times.Minutes);
        Assert.Equal([1, 2, 3, 10], times.Hours);
        Assert.Equal([1, 2, 3], times.Months);
        Assert.Equal([1, 2, 3, 4, 5], times.DaysOfWeek);
    }

    [Theory]
    [InlineData("0 1 * * 7", new[] { 0 })]
    [InlineData("0 1 * * 0,7", new[] { 0 })]
    [InlineData("0 1 * * 5-7", new[] { 0, 5, 6 })]
    public void Sunday_is_0_whether_written_0_or_7(string cron, int[] weekdays) =>
        Assert.Equal(weekdays, CronTimes.Expand(cron).DaysOfWeek);

    [Fact]
    public void Macros_expand_like_their_five_fields() =>
        Assert.Equal(CronTimes.Expand("0 0 * * 0"), CronTimes.Expand("@weekly"), new TimesComparer());

    [Fact]
    public void Schedules_a_timer_cannot_express_are_refused_as_the_timer_refuses_them() =>
        Assert.Equal(
            Assert.Throws<UnsupportedScheduleException>(() => CronToOnCalendar.Convert("0 3 1 * 1")).Message,
            Assert.Throws<UnsupportedScheduleException>(() => CronTimes.Expand("0 3 1 * 1")).Message);

    /// <summary>Every minute of five weeks across a month and year end, against Cronos (what `release status` reads the schedule with).</summary>
    [Theory]
    [InlineData("15 3 * * *")]
    [InlineData("*/7 */5 * * *")]
    [InlineData("0 12 * * 1-5")]
    [InlineData("30 6 1,15,31 * *")]
    [InlineData("0 0 * JAN *")]
    [InlineData("5/20 22-23 */3 * *")]
    [InlineData("@weekly")]
    public void Matches_exactly_the_minutes_cron_runs_at(string cron)
    {
        var times = CronTimes.Expand(cron);
        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        var start = new DateTime(2025, 12, 10, 0, 0, 0, DateTimeKind.Utc);
        for (var minute = start; minute < start.AddDays(35); minute = minute.AddMinutes(1))
        {
            var cronRuns = expression.GetNextOccurrence(minute.AddSeconds(-1)) == minute;
            Assert.True(cronRuns == times.Matches(minute), $"{cron} at {minute:yyyy-MM-dd HH:mm ddd}: cron {(cronRuns ? "runs" : "does not run")}");
        }
    }

    private sealed class TimesComparer : IEqualityComparer<CronTimes>
    {
        public bool Equals(CronTimes? x, CronTimes? y) =>
            x is not null && y is not null && x.Minutes.SequenceEqual(y.Minutes) && x.Hours.SequenceEqual(y.Hours)
            && x.DaysOfMonth.SequenceEqual(y.DaysOfMonth) && x.Months.SequenceEqual(y.Months) && x.DaysOfWeek.SequenceEqual(y.DaysOfWeek);

        public int GetHashCode(CronTimes obj) => 0;
    }
}
