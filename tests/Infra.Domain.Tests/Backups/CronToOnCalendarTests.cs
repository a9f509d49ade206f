using Infra.Domain.Backups;

namespace Infra.Domain.Tests.Backups;

public class CronToOnCalendarTests
{
    /// <summary>Cron schedules and the timer expression each becomes; systemd's own parser checks them in <see cref="SystemdCalendarTests"/>.</summary>
    public static TheoryData<string, string> Schedules => new()
    {
        { "15 3 * * *", "*-*-* 03:15:00" },
        { "0 */6 * * *", "*-*-* 00/6:00:00" },
        { "0 0-23/6 * * *", "*-*-* 00/6:00:00" },
        { "30 2 * * 1-5", "Mon..Fri *-*-* 02:30:00" },
        { "30 2 * * MON-FRI", "Mon..Fri *-*-* 02:30:00" },
        { "0 3,15 * * *", "*-*-* 03,15:00:00" },
        { "0 15,3 * * *", "*-*-* 03,15:00:00" },
        { "0,30 * * * *", "*-*-* *:00,30:00" },
        { "*/15 * * * *", "*-*-* *:00/15:00" },
        { "5/20 * * * *", "*-*-* *:05/20:00" },
        { "0 10-18/2 * * *", "*-*-* 10..18/2:00:00" },
        { "0 1-4 * * *", "*-*-* 01..04:00:00" },
        { "0 4 1 * *", "*-*-01 04:00:00" },
        { "0 3 */2 * *", "*-*-01/2 03:00:00" },
        { "0 0 1 1,7 *", "*-01,07-01 00:00:00" },
        { "0 0 * JAN-MAR *", "*-01..03-* 00:00:00" },
        { "0 5 * * 6,0", "Sat,Sun *-*-* 05:00:00" },
        { "0 5 * * sat,sun", "Sat,Sun *-*-* 05:00:00" },
        { "0 1 * * 1,3-5", "Mon,Wed..Fri *-*-* 01:00:00" },
        { "0 1 * * 7", "Sun *-*-* 01:00:00" },
        { "0 1 * * 0-6", "*-*-* 01:00:00" },
        { "0 1 * * */2", "Tue,Thu,Sat,Sun *-*-* 01:00:00" },
        { "@daily", "*-*-* 00:00:00" },
        { "@weekly", "Sun *-*-* 00:00:00" },
        { "@monthly", "*-*-01 00:00:00" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Converts_cron_to_the_normalized_timer_expression(string cron, string onCalendar) =>
        Assert.Equal(onCalendar, CronToOnCalendar.Convert(cron));

    [Theory]
    [InlineData("0 3 1 * 1", "it restricts both the day of month and the day of week, and cron then runs when either matches while a timer needs both; restrict only one")]
    [InlineData("0 3 L * *", "'L' in the day of month is not supported; use numbers, ranges (1-5), lists (1,15) and steps (*/6)")]
    [InlineData("0 3 * * 1#2", "'1#2' in the day of week is not supported; use numbers, ranges (1-5), lists (1,15) and steps (*/6)")]
    [InlineData("0 3 15W * *", "'15W' in the day of month is not supported; use numbers, ranges (1-5), lists (1,15) and steps (*/6)")]
    [InlineData("0 22-2 * * *", "the range '22-2' in the hour runs backwards, which a timer cannot wrap around")]
    [InlineData("61 3 * * *", "61 is outside 0-59 for the minute")]
    [InlineData("0 3 * *", "it has 4 fields; use five: minute hour day-of-month month day-of-week")]
    [InlineData("0 0 3 * * *", "it has 6 fields; use five: minute hour day-of-month month day-of-week")]
    [InlineData("@reboot", "'@reboot' is not a schedule; use five fields or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly")]
    public void Rejects_what_a_timer_cannot_express_naming_the_config_key(string cron, string problem)
    {
        var error = Assert.Throws<UnsupportedScheduleException>(() => CronToOnCalendar.Convert(cron));

        Assert.Equal($"infra:backup.schedule: '{cron}' cannot become a systemd timer: {problem}", error.Message);
    }
}
