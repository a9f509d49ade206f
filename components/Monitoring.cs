using Infra.Domain.Monitoring;
using Infra.Domain.Settings;
using Pulumi;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Components;

public sealed class MonitoringArgs : ResourceArgs
{
    public required MonitoringPlan Plan { get; init; }
    public required MonitoringSettings Settings { get; init; }

    /// <summary>The droplet whose metrics alert.</summary>
    public required Input<string> DropletId { get; init; }

    /// <summary>The server's public address, for routes no domain reaches.</summary>
    public required Input<string> Address { get; init; }

    /// <summary>The Slack webhook URL, when the settings name a channel; a secret.</summary>
    public Output<string>? SlackUrl { get; init; }
}

/// <summary>
/// Alerts before users notice: an uptime check of every public route from several regions, alerting
/// when it is down everywhere; with backups, one of the proxy's backup-freshness answer
/// (<see cref="BackupFreshness"/>); and droplet alerts for CPU, memory and disk, all to the team's
/// emails and Slack channel from config (<see cref="AlertTargets"/>).
/// </summary>
public sealed class Monitoring : ComponentResource
{
    /// <summary>An uptime check alerts once a route has been down from every region for this long.</summary>
    public const string DownFor = "2m";

    public Monitoring(string name, MonitoringArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.Monitoring, name, args, opts)
    {
        var settings = args.Settings;
        var targets = new AlertTargets(settings, args.SlackUrl);
        var checks = new List<Output<string>>();
        foreach (var route in args.Plan.Routes)
        {
            checks.Add(UptimeCheck($"{name}-{route.Service}", route, $"{route.Service} is down", args.Address, targets));
        }

        if (args.Plan.Backup is { } backup)
        {
            // The proxy answers 503 once the last successful backup is older than the schedule allows plus the grace period.
            checks.Add(UptimeCheck($"{name}-backup-freshness", backup.Target,
                $"no successful backup of stack '{backup.StackName}' within {FormatAge(backup.MaxAge)} (schedule '{backup.Schedule}' plus grace)", args.Address, targets));
        }

        foreach (var alert in args.Plan.Droplet)
        {
            _ = new DigitalOcean.MonitorAlert($"{name}-{alert.Name}", new DigitalOcean.MonitorAlertArgs
            {
                Type = alert.Metric,
                Compare = "GreaterThan",
                Value = alert.Percent,
                Window = settings.Window,
                Entities = { args.DropletId },
                Description = alert.Description,
                Alerts = targets.ForDroplet(),
                Enabled = true,
            }, new CustomResourceOptions { Parent = this });
        }

        UptimeTargets = Output.All(checks).Apply(all => (IReadOnlyList<string>)all.ToList());
        RegisterOutputs(new Dictionary<string, object?> { ["uptimeTargets"] = UptimeTargets });
    }

    /// <summary>An uptime check of one URL from every region, alerting when it is down from all of them for <see cref="DownFor"/>.</summary>
    private Output<string> UptimeCheck(string name, UptimeTarget target, string alertName, Input<string> address, AlertTargets targets)
    {
        var url = target.Host is { } host
            ? Output.Create($"{target.Scheme}://{host}{target.Path}")
            : Output.Format($"{target.Scheme}://{address}{target.Path}");
        var check = new DigitalOcean.UptimeCheck(name, new DigitalOcean.UptimeCheckArgs
        {
            Name = name,
            Target = url,
            Type = target.Scheme,
            Regions = MonitoringPlan.Regions.ToList(),
            Enabled = true,
        }, new CustomResourceOptions { Parent = this });

        _ = new DigitalOcean.UptimeAlert($"{name}-down", new DigitalOcean.UptimeAlertArgs
        {
            Name = alertName,
            CheckId = check.Id,
            Type = "down_global",
            Period = DownFor,
            Notifications = { targets.ForUptime() },
        }, new CustomResourceOptions { Parent = this });
        return url;
    }

    private static string FormatAge(TimeSpan age) =>
        age.TotalHours >= 48 && age.TotalDays == Math.Floor(age.TotalDays) ? $"{age.TotalDays:0}d"
        : age.TotalMinutes % 60 == 0 ? $"{age.TotalHours:0}h"
        : $"{age.TotalMinutes:0}m";

    [Output]
    public Output<IReadOnlyList<string>> UptimeTargets { get; private set; }
}
