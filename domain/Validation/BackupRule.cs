using System.Text.RegularExpressions;
using Cronos;
using Infra.Domain.Backups;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Prod is backed up on a valid schedule with a sane retention, and every database in it is covered.</summary>
public sealed partial class BackupRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var backupKey = ConfigKeys.Full(ConfigKeys.Backup);
        if (settings.Backup is not { } backup)
        {
            if (settings.Environment == DeploymentEnvironment.Prod)
            {
                yield return new ConfigError(backupKey, "prod has no backups; set a schedule, retention and bucket");
            }

            foreach (var error in BackupRequestsWithoutBackup(settings))
            {
                yield return error;
            }

            yield break;
        }

        if (!CronExpression.TryParse(backup.Schedule, CronFormat.Standard, out _))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "schedule"), $"'{backup.Schedule}' is not a cron expression; use five fields, e.g. \"15 3 * * *\" for 03:15 daily");
        }
        else if (!CronToOnCalendar.TryConvert(backup.Schedule, out _, out var problem))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "schedule"), problem);
        }

        var retention = backup.Retention;
        if (retention.Daily < 0 || retention.Weekly < 0 || retention.Monthly < 0)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "retention"), "daily, weekly and monthly counts cannot be negative");
        }
        else if (retention.Daily + retention.Weekly + retention.Monthly == 0)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "retention"), "keeps no snapshot at all; keep at least one daily, weekly or monthly");
        }

        if (!BucketName().IsMatch(backup.Bucket))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "bucket"), $"'{backup.Bucket}' is not a bucket name; use 3-63 lowercase letters, digits and '-'");
        }

        if (settings.IsCloud && !DigitalOceanRegion.IsValid(backup.Region))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Backup, "region"), $"'{backup.Region}' is not a Spaces region; use one like fra1, nyc3 or ams3");
        }

        foreach (var error in UndumpableAccessories(settings))
        {
            yield return error;
        }

        if (settings.Environment == DeploymentEnvironment.Prod)
        {
            for (var i = 0; i < settings.Accessories.Count; i++)
            {
                var accessory = settings.Accessories[i];
                if (accessory.Kind != AccessoryKind.Redis && !accessory.Backup)
                {
                    yield return new ConfigError(ConfigKeys.Accessory(i, "backup"), $"database '{accessory.Name}' in prod is not backed up; set backup: true");
                }
            }
        }
    }

    private static IEnumerable<ConfigError> BackupRequestsWithoutBackup(StackSettings settings)
    {
        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            if (settings.Accessories[i].Backup)
            {
                yield return new ConfigError(ConfigKeys.Accessory(i, "backup"), $"accessory '{settings.Accessories[i].Name}' asks for backups but {ConfigKeys.Full(ConfigKeys.Backup)} is not set");
            }
        }
    }

    /// <summary>Redis is a cache here and is not dumped; database and user names go into the backup scripts.</summary>
    private static IEnumerable<ConfigError> UndumpableAccessories(StackSettings settings)
    {
        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            if (!accessory.Backup)
            {
                continue;
            }

            if (accessory.Kind == AccessoryKind.Redis)
            {
                yield return new ConfigError(ConfigKeys.Accessory(i, "backup"), $"'{accessory.Name}' is Redis, which backups treat as a cache and do not dump; remove backup: true (keep data that matters in a database)");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
