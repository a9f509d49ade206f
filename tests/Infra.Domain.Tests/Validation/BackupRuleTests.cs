using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class BackupRuleTests
{
    [Fact]
    public void Prod_without_backups_is_rejected()
    {
        var config = Stacks.Prod();
        config.Backup = null;
        config.Accessory("db")["backup"] = false;

        Expect.Problems(config, "infra:backup: prod has no backups; set a schedule, retention and bucket");
    }

    [Fact]
    public void Staging_without_backups_is_allowed()
    {
        var config = Stacks.Staging();
        config.Backup = null;
        config.Accessory("db")["backup"] = false;
        config.Without("resticPassword");

        Assert.Empty(config.Problems());
    }

    [Theory]
    [InlineData("every night")]
    [InlineData("61 3 * * *")]
    [InlineData("0 3 * *")]
    public void Invalid_cron_expression_is_rejected(string schedule)
    {
        var config = Stacks.Prod();
        config.Backup!["schedule"] = schedule;

        Expect.Problems(config, $"infra:backup.schedule: '{schedule}' is not a cron expression; use five fields, e.g. \"15 3 * * *\" for 03:15 daily");
    }

    [Fact]
    public void Negative_retention_is_rejected()
    {
        var config = Stacks.Prod();
        config.Backup!["retention"]!["weekly"] = -1;

        Expect.Problems(config, "infra:backup.retention: daily, weekly and monthly counts cannot be negative");
    }

    [Fact]
    public void Retention_that_keeps_nothing_is_rejected()
    {
        var config = Stacks.Prod();
        config.Backup!["retention"] = new JsonObject { ["daily"] = 0, ["weekly"] = 0, ["monthly"] = 0 };

        Expect.Problems(config, "infra:backup.retention: keeps no snapshot at all; keep at least one daily, weekly or monthly");
    }

    [Fact]
    public void Prod_database_not_backed_up_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["backup"] = false;

        Expect.Problems(config, "infra:accessories[0].backup: database 'db' in prod is not backed up; set backup: true");
    }

    [Fact]
    public void Invalid_bucket_name_is_rejected()
    {
        var config = Stacks.Prod();
        config.Backup!["bucket"] = "Acme_Backups";

        Expect.Problems(config, "infra:backup.bucket: 'Acme_Backups' is not a bucket name; use 3-63 lowercase letters, digits and '-'");
    }

    [Fact]
    public void Cron_schedule_a_systemd_timer_cannot_express_is_rejected()
    {
        var config = Stacks.Prod();
        config.Backup!["schedule"] = "0 3 1 * 1";

        Expect.Problems(config, "infra:backup.schedule: '0 3 1 * 1' cannot become a systemd timer: it restricts both the day of month and the day of week, and cron then runs when either matches while a timer needs both; restrict only one");
    }

    [Fact]
    public void Redis_marked_for_backup_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("cache")["backup"] = true;

        Expect.Problems(config, "infra:accessories[1].backup: 'cache' is Redis, which backups treat as a cache and do not dump; remove backup: true (keep data that matters in a database)");
    }

    [Fact]
    public void Database_name_that_cannot_go_into_the_container_or_the_backup_script_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["database"] = "app$(reboot)";

        Expect.Problems(config, "infra:accessories[0].database: 'app$(reboot)' is not a plain name; use letters, digits, '_', '.' and '-', at most 63 characters");
    }
}
