namespace Infra.Domain.Backups;

/// <summary>Renders the systemd units that run the backup: a oneshot service and its timer.</summary>
public static class BackupUnits
{
    public const string ServiceName = "infra-backup.service";
    public const string TimerName = "infra-backup.timer";

    public static string Service(
        string stackName,
        string script = BackupServerPaths.BackupScript,
        string environmentFile = BackupServerPaths.EnvironmentFile,
        string volumesRoot = BackupServerPaths.VolumesRoot) =>
        Template.Fill(ServiceName, new Dictionary<string, string>
        {
            ["stack"] = stackName,
            ["script"] = script,
            ["envFile"] = environmentFile,
            ["volumesRoot"] = volumesRoot,
        });

    /// <summary>The timer for a cron schedule; throws <see cref="UnsupportedScheduleException"/> for one a timer cannot express.</summary>
    public static string Timer(string cronSchedule) => Template.Fill(TimerName, new Dictionary<string, string>
    {
        ["cron"] = cronSchedule,
        ["onCalendar"] = CronToOnCalendar.Convert(cronSchedule),
    });
}
