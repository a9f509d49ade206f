using Infra.Release.Status;

namespace Infra.Release.Tests.Status;

public class MissedScheduleTests
{
    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(22, 3, 20, false)] // the next run is tomorrow's
    [InlineData(23, 4, 10, false)] // tomorrow's run is due, within the grace hour
    [InlineData(23, 4, 16, true)] // tomorrow's run is more than an hour overdue
    public void A_run_is_missed_when_the_first_scheduled_time_after_the_last_record_is_over_an_hour_past(int day, int hour, int minute, bool missed)
    {
        Assert.Equal(missed, MissedSchedule.IsMissed("15 3 * * *", At(22, 3, 15), At(day, hour, minute)));
    }

    [Fact]
    public void The_next_due_run_follows_the_cron_schedule_in_utc()
    {
        Assert.Equal(At(22, 6, 0), MissedSchedule.NextDue("0 */6 * * *", At(22, 0, 40)));
        Assert.Equal(At(29, 3, 15), MissedSchedule.NextDue("15 3 * * 0", At(22, 3, 15)));
    }
}
