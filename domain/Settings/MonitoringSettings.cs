namespace Infra.Domain.Settings;

/// <summary>Alerts for staging and prod: who hears of an outage, and when a droplet counts as in trouble.</summary>
public sealed record MonitoringSettings
{
    /// <summary>Addresses that receive every alert.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>A Slack channel that receives every alert, through an incoming webhook kept as a secret.</summary>
    public SlackSettings? Slack { get; init; }

    public int CpuPercent { get; init; } = 85;
    public int MemoryPercent { get; init; } = 90;
    public int DiskPercent { get; init; } = 85;

    /// <summary>How long a droplet metric must stay over its threshold before it alerts.</summary>
    public string Window { get; init; } = "5m";

    /// <summary>How long after a scheduled backup was due its success may still be missing before it alerts (with infra:backup).</summary>
    public string BackupGrace { get; init; } = "2h";

    public bool HasTarget => Emails.Count > 0 || Slack is not null;
}

public sealed record SlackSettings
{
    public string Channel { get; init; } = "";

    /// <summary>Config key of the Pulumi secret holding the webhook URL.</summary>
    public string UrlSecret { get; init; } = "slackWebhookUrl";
}
