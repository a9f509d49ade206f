using Infra.Domain.Settings;
using Pulumi;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Components;

/// <summary>
/// Who hears of every alert: the team's emails and, when set, the Slack channel (its webhook URL a
/// secret). One home for both of DigitalOcean's shapes of it: uptime alerts and droplet alerts.
/// </summary>
internal sealed class AlertTargets(MonitoringSettings settings, Output<string>? slackUrl)
{
    private IEnumerable<(string Channel, Output<string> Url)> Slack =>
        settings.Slack is { } slack ? [(slack.Channel, slackUrl!)] : [];

    public DigitalOcean.Inputs.UptimeAlertNotificationArgs ForUptime()
    {
        var notification = new DigitalOcean.Inputs.UptimeAlertNotificationArgs { Emails = settings.Emails.ToList() };
        foreach (var (channel, url) in Slack)
        {
            notification.Slacks.Add(new DigitalOcean.Inputs.UptimeAlertNotificationSlackArgs { Channel = channel, Url = url });
        }

        return notification;
    }

    public DigitalOcean.Inputs.MonitorAlertAlertsArgs ForDroplet()
    {
        var alerts = new DigitalOcean.Inputs.MonitorAlertAlertsArgs { Emails = settings.Emails.ToList() };
        foreach (var (channel, url) in Slack)
        {
            alerts.Slacks.Add(new DigitalOcean.Inputs.MonitorAlertAlertsSlackArgs { Channel = channel, Url = url });
        }

        return alerts;
    }
}
