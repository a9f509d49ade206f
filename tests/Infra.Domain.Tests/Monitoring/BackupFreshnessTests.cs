using System.Text.Json.Nodes;
using Infra.Domain.Backups;
using Infra.Domain.Monitoring;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Monitoring;

/// <summary>When a missing backup alerts: the schedule's longest gap between runs plus the grace period.</summary>
public class BackupFreshnessTests
{
    [Theory]
    [InlineData("15 3 * * *", 24 * 60)]
    [InlineData("0 */6 * * *", 6 * 60)]
    [InlineData("0 1,13 * * *", 12 * 60)]
    [InlineData("30 2 * * 1-5", 3 * 24 * 60)]
    [InlineData("0 4 * * 0", 7 * 24 * 60)]
    [InlineData("@hourly", 60)]
    [InlineData("0 0 31 * *", 61 * 24 * 60)]
    public void The_longest_gap_of_a_schedule_is_between_its_two_furthest_runs(string cron, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), CronGaps.Longest(cron));
    }

    [Fact]
    public void Prod_alerts_when_a_daily_backup_has_not_succeeded_for_a_day_plus_the_grace()
    {
        var freshness = BackupFreshness.For(Stacks.Prod().Load().Settings!)!;

        Assert.Equal(TimeSpan.FromHours(26), freshness.MaxAge);
        Assert.Equal(new UptimeTarget("backup-freshness", "https", "example.com", "/.infra/backup-fresh"), freshness.Target);

        var config = Stacks.Prod();
        config.Monitoring!["backupGrace"] = "90m";
        Assert.Equal(TimeSpan.FromMinutes(24 * 60 + 90), BackupFreshness.For(config.Load().Settings!)!.MaxAge);
    }

    [Fact]
    public void Only_a_droplet_with_backups_and_monitoring_has_the_check()
    {
        var staging = Stacks.Staging();
        staging.Backup = null;
        staging.Accessory("db")["backup"] = false;
        var withoutBackup = staging.Load();
        Assert.True(withoutBackup.IsValid, string.Join("; ", withoutBackup.Errors));
        Assert.Null(BackupFreshness.For(withoutBackup.Settings!));

        var quiet = Stacks.Staging();
        quiet.Monitoring = null;
        Assert.Null(BackupFreshness.For(quiet.Load().Settings!));
    }

    [Theory]
    [InlineData("2 hours")]
    [InlineData("5m")]
    [InlineData("8d")]
    [InlineData("-1h")]
    [InlineData("")]
    public void A_grace_period_that_is_not_whole_minutes_hours_or_days_in_range_is_refused_by_key(string grace)
    {
        var config = Stacks.Prod();
        config.Monitoring!["backupGrace"] = grace;

        Expect.Problems(config,
            $"infra:monitoring.backupGrace: '{grace}' is not a grace period for the backup-freshness alert; use whole minutes, hours or days from 10m to 7d, e.g. 90m, 2h or 1d");
    }

    [Fact]
    public void A_grace_period_of_another_type_is_refused_by_key()
    {
        var config = Stacks.Prod();
        config.Monitoring!["backupGrace"] = 120;

        Assert.Contains(config.Problems(), p => p.StartsWith("infra:monitoring.backupGrace", StringComparison.Ordinal));
    }
}
