using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class MonitoringRuleTests
{
    [Fact]
    public void Prod_without_an_alert_target_is_refused()
    {
        var config = Stacks.Prod();
        config.Monitoring = null;

        Expect.Problems(config, "infra:monitoring: prod needs an alert target, or outages are found only when a person tries the API; set infra:monitoring.emails or infra:monitoring.slack");

        config.Monitoring = new JsonObject { ["emails"] = new JsonArray() };
        Expect.Problems(config, "infra:monitoring: prod needs an alert target; set emails or slack");
    }

    [Fact]
    public void Staging_may_run_without_alerts()
    {
        var config = Stacks.Staging();
        config.Monitoring = null;

        Assert.Empty(config.Problems());
    }

    [Fact]
    public void Targets_and_thresholds_are_ones_digitalocean_accepts()
    {
        var config = Stacks.Prod();
        config.Monitoring = JsonNode.Parse("""
            { "emails": ["ops-at-example.com"], "slack": { "channel": "ops" }, "cpuPercent": 0, "diskPercent": 101, "window": "7m" }
            """)!.AsObject();

        Expect.Problems(config,
            "infra:monitoring.emails[0]: 'ops-at-example.com' is not an email address",
            "infra:monitoring.slack.channel: 'ops' is not a Slack channel; use e.g. #ops",
            "infra:slackWebhookUrl: the Slack webhook URL for alerts is not set; run `pulumi config set --secret slackWebhookUrl --stack prod` and paste it at the prompt",
            "infra:monitoring.cpuPercent: 0 is not a percentage between 1 and 100",
            "infra:monitoring.diskPercent: 101 is not a percentage between 1 and 100",
            "infra:monitoring.window: '7m' is not a window DigitalOcean accepts; use one of 5m, 10m, 30m, 1h");
    }

    [Fact]
    public void A_slack_webhook_in_plain_text_is_refused()
    {
        var config = Stacks.Prod().WithPlain("slackWebhookUrl", "https://hooks.slack.com/services/T/B/X");
        config.Monitoring = JsonNode.Parse("""{ "slack": { "channel": "#ops" } }""")!.AsObject();

        Expect.Problems(config, "infra:slackWebhookUrl: the Slack webhook URL is stored in plain text (anyone with it can post); remove it and run `pulumi config set --secret slackWebhookUrl --stack prod`");
    }

    [Fact]
    public void The_local_stack_cannot_have_digitalocean_alerts()
    {
        var config = Stacks.Local();
        config.Monitoring = JsonNode.Parse("""{ "emails": ["ops@example.com"] }""")!.AsObject();

        Expect.Problems(config, "infra:monitoring: alerts run at DigitalOcean, which the local stack does not use; remove infra:monitoring from it");
    }
}
