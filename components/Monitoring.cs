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
/// when it is down everywhere, and droplet alerts for CPU, memory and disk, all to the team's
/// emails and Slack channel from config.
/// </summary>
public sealed class Monitoring : ComponentResource
{
    /// <summary>An uptime check alerts once a route has been down from every region for this long.</summary>
    public const string DownFor = "2m";

    public Monitoring(string name, MonitoringArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.Monitoring, name, args, opts)
    {
        var settings = args.Settings;
        var checks = new List<Output<string>>();
        foreach (var route in args.Plan.Routes)
        {
            var target = route.Host is { } host
                ? Output.Create($"{route.Scheme}://{host}{route.Path}")
                : Output.Format($"{route.Scheme}://{args.Address}{route.Path}");
            var check = new DigitalOcean.UptimeCheck($"{name}-{route.Service}", new DigitalOcean.UptimeCheckArgs
            {
                Name = $"{name}-{route.Service}",
                Target = target,
                Type = route.Scheme,
                Regions = MonitoringPlan.Regions.ToList(),
                Enabled = true,
            }, new CustomResourceOptions { Parent = this });

            var notification = new DigitalOcean.Inputs.UptimeAlertNotificationArgs { Emails = settings.Emails.ToList() };
            if (settings.Slack is { } slack)
            {
                notification.Slacks.Add(new DigitalOcean.Inputs.UptimeAlertNotificationSlackArgs { Channel = slack.Channel, Url = args.SlackUrl! });
            }

            _ = new DigitalOcean.UptimeAlert($"{name}-{route.Service}-down", new DigitalOcean.UptimeAlertArgs
            {
                Name = $"{route.Service} is down",
                CheckId = check.Id,
                Type = "down_global",
                Period = DownFor,
                Notifications = { notification },
            }, new CustomResourceOptions { Parent = this });
            checks.Add(target);
        }

        foreach (var alert in args.Plan.Droplet)
        {
            var targets = new DigitalOcean.Inputs.MonitorAlertAlertsArgs { Emails = settings.Emails.ToList() };
            if (settings.Slack is { } slack)
            {
                targets.Slacks.Add(new DigitalOcean.Inputs.MonitorAlertAlertsSlackArgs { Channel = slack.Channel, Url = args.SlackUrl! });
            }

            _ = new DigitalOcean.MonitorAlert($"{name}-{alert.Name}", new DigitalOcean.MonitorAlertArgs
            {
                Type = alert.Metric,
                Compare = "GreaterThan",
                Value = alert.Percent,
                Window = settings.Window,
                Entities = { args.DropletId },
                Description = alert.Description,
                Alerts = targets,
                Enabled = true,
            }, new CustomResourceOptions { Parent = this });
        }

        UptimeTargets = Output.All(checks).Apply(all => (IReadOnlyList<string>)all.ToList());
        RegisterOutputs(new Dictionary<string, object?> { ["uptimeTargets"] = UptimeTargets });
    }

    [Output]
    public Output<IReadOnlyList<string>> UptimeTargets { get; private set; }
}
