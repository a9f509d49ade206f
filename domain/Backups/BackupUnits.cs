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
        Template.Fill($"Backups/{ServiceName}", new Dictionary<string, string>
        {
            ["stack"] = stackName,
            ["script"] = script,
            ["envFile"] = environmentFile,
            ["volumesRoot"] = volumesRoot,
        });

    /// <summary>The timer for a cron schedule; throws <see cref="UnsupportedScheduleException"/> for one a timer cannot express.</summary>
    public static string Timer(string cronSchedule) => Template.Fill($"Backups/{TimerName}", new Dictionary<string, string>
    {
        ["cron"] = cronSchedule,
        ["onCalendar"] = CronToOnCalendar.Convert(cronSchedule),
    });

    public const string WalShipServiceName = "infra-wal-ship.service";
    public const string WalShipTimerName = "infra-wal-ship.timer";

    public static string WalShipService(
        string stackName,
        string script = BackupServerPaths.WalShipScript,
        string environmentFile = BackupServerPaths.EnvironmentFile,
        string volumesRoot = BackupServerPaths.VolumesRoot) =>
        Template.Fill($"Backups/{WalShipServiceName}", new Dictionary<string, string>
        {
            ["stack"] = stackName,
            ["script"] = script,
            ["envFile"] = environmentFile,
            ["volumesRoot"] = volumesRoot,
            ["shipEverySeconds"] = Seconds(WalArchiving.ShipEverySeconds),
        });

    public static string WalShipTimer() => Template.Fill($"Backups/{WalShipTimerName}", new Dictionary<string, string>
    {
        ["shipEverySeconds"] = Seconds(WalArchiving.ShipEverySeconds),
        ["archiveTimeoutSeconds"] = Seconds(WalArchiving.ArchiveTimeoutSeconds),
    });

    private static string Seconds(int seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
