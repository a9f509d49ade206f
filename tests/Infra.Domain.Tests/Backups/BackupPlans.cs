using Infra.Domain.Backups;
using Infra.Domain.Settings;

namespace Infra.Domain.Tests.Backups;

/// <summary>A stack with one of every kind of thing a backup covers or leaves out.</summary>
public static class BackupPlans
{
    public static StackSettings Stack() => new()
    {
        StackName = "prod",
        Environment = DeploymentEnvironment.Prod,
        Server = new ServerSettings(),
        Release = new ReleaseSettings(),
        Services =
        [
            new ServiceSettings
            {
                Name = "web",
                Volumes =
                [
                    new VolumeMountSettings { Name = "uploads", Path = "/app/uploads", Backup = true },
                    new VolumeMountSettings { Name = "tmp", Path = "/app/tmp" },
                ],
            },
            new ServiceSettings { Name = "grafana", Volumes = [new VolumeMountSettings { Name = "data", Path = "/var/lib/grafana", Backup = true }] },
        ],
        Accessories =
        [
            new AccessorySettings { Name = "db", Kind = AccessoryKind.Postgres, Port = 5432, Database = "app", User = "app", PasswordSecret = "dbPassword", Backup = true },
            new AccessorySettings { Name = "shop", Kind = AccessoryKind.Mariadb, Port = 3306, Database = "shop", User = "shop", PasswordSecret = "shopPassword", Backup = true },
            new AccessorySettings { Name = "crm", Kind = AccessoryKind.Mysql, Port = 3307, PasswordSecret = "crmPassword", Backup = true },
            new AccessorySettings { Name = "cache", Kind = AccessoryKind.Redis, Port = 6379 },
        ],
        Backup = new BackupSettings
        {
            Schedule = "15 3 * * *",
            Retention = new RetentionSettings { Daily = 7, Weekly = 4, Monthly = 12 },
            Bucket = "acme-prod-backups",
            Region = "fra1",
            HeartbeatUrl = "https://hc-ping.example/4f1e",
        },
    };

    public static BackupPlan Prod() => BackupPlan.For(Stack());
}
