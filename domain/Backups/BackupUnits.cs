namespace Infra.Domain.Backups;

/// <summary>Renders the systemd units that run the backup: a oneshot service and its timer.</summary>
public static class BackupUnits
{
    public const string ServiceName = "infra-backup.service";
    public const string TimerName = "infra-backup.timer";

    /// <param name="layout">A systemd layout; <see cref="BackupHostLayout.Server"/> when null.</param>
    public static string Service(string stackName, BackupHostLayout? layout = null)
    {
        layout ??= BackupHostLayout.Server;
        return Template.Fill($"Backups/{ServiceName}", new Dictionary<string, string>
        {
            ["stack"] = stackName,
            ["script"] = layout.BackupScript,
            ["envFile"] = layout.EnvironmentFile,
            ["volumesRoot"] = VolumesRoot(layout),
            ["directoryName"] = BackupHostLayout.ServerDirectoryName,
        });
    }

    /// <summary>The timer for a cron schedule; throws <see cref="UnsupportedScheduleException"/> for one a timer cannot express.</summary>
    public static string Timer(string cronSchedule) => Template.Fill($"Backups/{TimerName}", new Dictionary<string, string>
    {
        ["cron"] = cronSchedule,
        ["onCalendar"] = CronToOnCalendar.Convert(cronSchedule),
        ["service"] = ServiceName,
    });

    public const string WalShipServiceName = "infra-wal-ship.service";
    public const string WalShipTimerName = "infra-wal-ship.timer";

    /// <param name="layout">A systemd layout; <see cref="BackupHostLayout.Server"/> when null.</param>
    public static string WalShipService(string stackName, BackupHostLayout? layout = null)
    {
        layout ??= BackupHostLayout.Server;
        return Template.Fill($"Backups/{WalShipServiceName}", new Dictionary<string, string>
        {
            ["stack"] = stackName,
            ["script"] = layout.WalShipScript,
            ["envFile"] = layout.EnvironmentFile,
            ["volumesRoot"] = VolumesRoot(layout),
            ["shipEverySeconds"] = Seconds(WalArchiving.ShipEverySeconds),
            ["directoryName"] = BackupHostLayout.ServerDirectoryName,
        });
    }

    public static string WalShipTimer() => Template.Fill($"Backups/{WalShipTimerName}", new Dictionary<string, string>
    {
        ["shipEverySeconds"] = Seconds(WalArchiving.ShipEverySeconds),
        ["archiveTimeoutSeconds"] = Seconds(WalArchiving.ArchiveTimeoutSeconds),
        ["service"] = WalShipServiceName,
    });

    /// <summary>A unit runs on a server, where Docker's volume folder is known in advance.</summary>
    private static string VolumesRoot(BackupHostLayout layout) =>
        layout.VolumesRoot ?? throw new ArgumentException("a systemd unit runs the backup on a server, whose layout names Docker's volume folder", nameof(layout));

    private static string Seconds(int seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
