using Infra.Domain.Configuration;

namespace Infra.Domain.Backups;

/// <summary>A cron schedule that a systemd timer cannot express; the message names the config key.</summary>
public sealed class UnsupportedScheduleException(string problem)
    : Exception($"{ConfigKeys.Of(ConfigKeys.Backup, "schedule")}: {problem}")
{
    public string Problem { get; } = problem;
}
