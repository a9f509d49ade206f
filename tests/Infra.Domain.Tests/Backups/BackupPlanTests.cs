using Infra.Domain.Backups;
using Infra.Domain.Settings;

namespace Infra.Domain.Tests.Backups;

public class BackupPlanTests
{
    [Fact]
    public void Covers_every_accessory_and_volume_marked_for_backup_and_nothing_else()
    {
        var plan = BackupPlans.Prod();

        Assert.Equal(
            [
                new DatabaseBackup("db", AccessoryKind.Postgres, 5432, "app", "app"),
                new DatabaseBackup("shop", AccessoryKind.Mariadb, 3306, "shop", "shop"),
                new DatabaseBackup("crm", AccessoryKind.Mysql, 3307, null, null),
            ],
            plan.Databases);
        Assert.Equal([new VolumeBackup("web", "uploads"), new VolumeBackup("grafana", "data")], plan.Volumes);
        Assert.Equal(new RetentionSettings { Daily = 7, Weekly = 4, Monthly = 12 }, plan.Retention);
    }

    [Fact]
    public void Names_items_as_docker_does_and_tags_them_by_kind_and_name()
    {
        var plan = BackupPlans.Prod();

        Assert.Equal("web-uploads", plan.Volumes[0].Name);
        Assert.Equal("kind=volume,name=web-uploads", plan.Volumes[0].Tags);
        Assert.Equal("kind=database,name=db", plan.Databases[0].Tags);
        Assert.Equal("db.sql", plan.Databases[0].FileName);
    }

    [Fact]
    public void Refuses_a_redis_accessory_marked_for_backup()
    {
        var stack = BackupPlans.Stack();
        stack = stack with { Accessories = [.. stack.Accessories.Select(a => a.Kind == AccessoryKind.Redis ? a with { Backup = true } : a)] };

        var error = Assert.Throws<ArgumentException>(() => BackupPlan.For(stack));
        Assert.StartsWith("accessory 'cache' is Redis, which backups do not dump", error.Message);
    }

    [Fact]
    public void Dumps_postgres_plain_and_mysql_in_one_transaction()
    {
        var plan = BackupPlans.Prod();

        Assert.Equal(
            "PGPASSWORD=\"${POSTGRES_PASSWORD:-}\" pg_dump --host=127.0.0.1 --port=5432 --username=app --no-password --clean --if-exists --no-owner app",
            DatabaseCommands.Dump(plan.Databases[0]));
        Assert.Equal(
            "MYSQL_PWD=\"${MARIADB_ROOT_PASSWORD:-}\" mariadb-dump --host=127.0.0.1 --port=3306 --user=root --single-transaction --routines --events --triggers --databases shop",
            DatabaseCommands.Dump(plan.Databases[1]));
        Assert.Equal(
            "MYSQL_PWD=\"${MYSQL_ROOT_PASSWORD:-}\" mysqldump --host=127.0.0.1 --port=3307 --user=root --single-transaction --routines --events --triggers --all-databases",
            DatabaseCommands.Dump(plan.Databases[2]));
    }

    [Fact]
    public void Refuses_a_database_name_that_would_break_the_script()
    {
        var database = new DatabaseBackup("db", AccessoryKind.Postgres, 5432, "app; rm -rf /", "app");

        var error = Assert.Throws<ArgumentException>(() => DatabaseCommands.Dump(database));
        Assert.Equal("database 'app; rm -rf /' cannot go into a backup script; use letters, digits, '_', '.' and '-'", error.Message);
    }

    [Fact]
    public void Spaces_repository_is_under_restic_in_the_bucket() =>
        Assert.Equal("s3:https://fra1.digitaloceanspaces.com/acme-prod-backups/restic", ResticRepository.ForSpaces("fra1", "acme-prod-backups"));
}
