using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Monitoring;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Prod always tells someone when it is down; every alert target is one DigitalOcean can reach.</summary>
public sealed partial class MonitoringRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var key = ConfigKeys.Full(ConfigKeys.Monitoring);
        if (settings.Monitoring is not { } monitoring)
        {
            if (settings.Environment == DeploymentEnvironment.Prod)
            {
                yield return new ConfigError(key, "prod needs an alert target, or outages are found only when a person tries the API; set infra:monitoring.emails or infra:monitoring.slack");
            }

            yield break;
        }

        if (!settings.IsCloud)
        {
            yield return new ConfigError(key, "alerts run at DigitalOcean, which the local stack does not use; remove infra:monitoring from it");
            yield break;
        }

        if (!monitoring.HasTarget && settings.Environment == DeploymentEnvironment.Prod)
        {
            yield return new ConfigError(key, "prod needs an alert target; set emails or slack");
        }

        for (var i = 0; i < monitoring.Emails.Count; i++)
        {
            if (!Email().IsMatch(monitoring.Emails[i]))
            {
                yield return new ConfigError($"{key}.emails[{i}]", $"'{monitoring.Emails[i]}' is not an email address");
            }
        }

        if (monitoring.Slack is { } slack)
        {
            if (!slack.Channel.StartsWith('#') || slack.Channel.Length < 2 || slack.Channel.Any(char.IsWhiteSpace))
            {
                yield return new ConfigError($"{key}.slack.channel", $"'{slack.Channel}' is not a Slack channel; use e.g. #ops");
            }

            var url = config.Get(slack.UrlSecret);
            if (url is null || string.IsNullOrWhiteSpace(url.Text))
            {
                yield return new ConfigError(ConfigKeys.Full(slack.UrlSecret), $"the Slack webhook URL for alerts is not set; run `pulumi config set --secret {slack.UrlSecret} --stack {settings.StackName}` and paste it at the prompt");
            }
            else if (!url.IsSecret)
            {
                yield return new ConfigError(ConfigKeys.Full(slack.UrlSecret), $"the Slack webhook URL is stored in plain text (anyone with it can post); remove it and run `pulumi config set --secret {slack.UrlSecret} --stack {settings.StackName}`");
            }
        }

        foreach (var (field, value) in new[] { ("cpuPercent", monitoring.CpuPercent), ("memoryPercent", monitoring.MemoryPercent), ("diskPercent", monitoring.DiskPercent) })
        {
            if (value is < 1 or > 100)
            {
                yield return new ConfigError($"{key}.{field}", $"{value} is not a percentage between 1 and 100");
            }
        }

        if (!GraceDuration.TryParse(monitoring.BackupGrace, out _))
        {
            yield return new ConfigError($"{key}.backupGrace", $"'{monitoring.BackupGrace}' is not a grace period for the backup-freshness alert; use whole minutes, hours or days from {(int)GraceDuration.Shortest.TotalMinutes}m to {(int)GraceDuration.Longest.TotalDays}d, e.g. 90m, 2h or 1d");
        }

        if (!MonitoringPlan.Windows.Contains(monitoring.Window))
        {
            yield return new ConfigError($"{key}.window", $"'{monitoring.Window}' is not a window DigitalOcean accepts; use one of {string.Join(", ", MonitoringPlan.Windows)}");
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}
