using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using DigitalOcean = Pulumi.DigitalOcean;

namespace Infra.Stacks.Tests;

/// <summary>Monitoring as code: every public route watched from outside, the droplet's CPU, memory and disk, alerts to the team.</summary>
public class MonitoringTests
{
    private static Task<T> Value<T>(Output<T> output) => OutputUtilities.GetValueAsync(output);

    [Fact]
    public async Task Every_public_route_has_an_uptime_check_that_alerts_the_team_when_down_everywhere()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var checks = run.Resources.OfType<DigitalOcean.UptimeCheck>().ToList();
        Assert.Equal(
            ["https://acme.example/", "https://acme.example/.infra/backup-fresh", "https://acme.example/api"],
            (await Task.WhenAll(checks.Select(c => Value(c.Target)))).Order(StringComparer.Ordinal));
        foreach (var check in checks)
        {
            Assert.Equal(["us_east", "eu_west"], (string[])[.. await Value(check.Regions)]);
        }

        var alerts = run.Resources.OfType<DigitalOcean.UptimeAlert>().ToList();
        Assert.Equal(3, alerts.Count);
        foreach (var alert in alerts)
        {
            Assert.Equal("down_global", await Value(alert.Type));
            var notification = Assert.Single(await Value(alert.Notifications));
            Assert.Equal(["ops@acme.example"], (string[])[.. notification.Emails]);
        }
    }

    [Fact]
    public async Task The_droplet_alerts_on_cpu_memory_and_disk()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var alerts = run.Resources.OfType<DigitalOcean.MonitorAlert>().ToList();
        var byType = new Dictionary<string, double>();
        foreach (var alert in alerts)
        {
            byType[await Value(alert.Type)] = await Value(alert.Value);
            Assert.Equal([Mocks.DropletId], (string[])[.. await Value(alert.Entities)]);
            Assert.Equal("5m", await Value(alert.Window));
            Assert.Equal(["ops@acme.example"], (string[])[.. (await Value(alert.Alerts)).Emails]);
        }

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["v1/insights/droplet/cpu"] = 85,
                ["v1/insights/droplet/memory_utilization_percent"] = 90,
                ["v1/insights/droplet/disk_utilization_percent"] = 85,
            },
            byType);
    }

    [Fact]
    public async Task A_slack_channel_gets_every_alert_and_its_webhook_stays_a_secret()
    {
        var run = await StackRun.OfFile(RepoFiles.Path("Pulumi.prod.yaml"), config =>
            config["infra:monitoring"] = new JsonObject { ["slack"] = new JsonObject { ["channel"] = "#ops" } }.ToJsonString(),
            [.. TeamSecrets.For("prod"), "slackWebhookUrl"]);

        var args = run.ArgsOf<DigitalOcean.UptimeAlertArgs>("monitoring-api-down");
        var notification = await Value(((Input<ImmutableArray<DigitalOcean.Inputs.UptimeAlertNotificationArgs>>)args.Notifications).ToOutput());
        var slack = await Value(((Input<ImmutableArray<DigitalOcean.Inputs.UptimeAlertNotificationSlackArgs>>)notification.Single().Slacks).ToOutput());
        Assert.Equal("#ops", await Value(slack.Single().Channel.ToOutput()));
        Assert.True(await Output.IsSecretAsync(slack.Single().Url.ToOutput()));
        Assert.Equal(StackRun.SecretValue("infra:slackWebhookUrl"), await Value(slack.Single().Url.ToOutput()));
    }

    /// <summary>Prod backs up daily at 03:15: a day between runs plus the default 2 h grace.</summary>
    [Fact]
    public async Task A_backup_not_succeeded_within_its_schedule_and_grace_alerts_the_same_team()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var check = run.ArgsOf<DigitalOcean.UptimeCheckArgs>("monitoring-backup-freshness");
        Assert.Equal("https://acme.example/.infra/backup-fresh", await Value(check.Target.ToOutput()));
        var alert = run.ArgsOf<DigitalOcean.UptimeAlertArgs>("monitoring-backup-freshness-down");
        Assert.Equal("no successful backup of stack 'prod' within 26h (schedule '15 3 * * *' plus grace)", await Value(alert.Name.ToOutput()));
        Assert.Equal("down_global", await Value(alert.Type.ToOutput()));
        var notification = Assert.Single(await Value(((Input<ImmutableArray<DigitalOcean.Inputs.UptimeAlertNotificationArgs>>)alert.Notifications).ToOutput()));
        Assert.Equal(["ops@acme.example"], (string[])[.. await Value(((Input<ImmutableArray<string>>)notification.Emails).ToOutput())]);

        // The proxy serves the answer the check reads; the backup job writes the record it answers from.
        var files = run.ArgsOf<Pulumi.Command.Remote.CommandArgs>("proxy-files");
        var install = await Value(files.Create!.ToOutput());
        Assert.Contains("lua-load /usr/local/etc/haproxy/rendered/backup-freshness.lua", install);
        Assert.Contains("local max_age = 93600", install);
        Assert.Contains("http-request use-service lua.backup_freshness if { path /.infra/backup-fresh }", install);
        var environment = await Value(run.ArgsOf<Pulumi.Command.Remote.CommandArgs>("backup-install").Stdin!.ToOutput());
        Assert.Contains("BACKUP_SUCCESS_RECORD='/srv/infra/proxy/backup-last-success'", environment);
    }

    [Fact]
    public async Task The_local_stack_has_no_monitoring()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));

        Assert.Empty(run.Resources.OfType<DigitalOcean.UptimeCheck>());
        Assert.Empty(run.Resources.OfType<DigitalOcean.MonitorAlert>());
    }
}
