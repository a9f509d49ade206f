using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;

namespace Infra.Domain.Monitoring;

/// <summary>
/// The backup-freshness alert. DigitalOcean cannot alert on a file's age, so the proxy turns the backup
/// job's record of its last success into an HTTP status: <see cref="Path"/> answers 200 while that
/// success is at most <see cref="MaxAge"/> old (the schedule's longest gap plus the grace period) and 503
/// otherwise, and an uptime check of that path alerts like any other. The record
/// (<see cref="RecordFileName"/>, the Unix time of the last fully successful run) is written by the
/// backup script into the proxy's files folder on the droplet, which the proxy reads (Templates/backup-freshness.lua).
/// Where PostgreSQL's WAL is archived, the answer is also 503 while the shipper's record beside it
/// (<see cref="WalRecordFileName"/>) says archiving is behind, or is older than <see cref="WalArchiving.RecordStaleAfterSeconds"/>.
/// </summary>
public sealed record BackupFreshness(string StackName, string Schedule, TimeSpan MaxAge, UptimeTarget Target)
{
    public const string Path = "/.infra/backup-fresh";

    /// <summary>In the proxy's files folder: <c>&lt;hostRoot&gt;/proxy/</c> on the droplet.</summary>
    public const string RecordFileName = "backup-last-success";

    /// <summary>In the proxy's rendered/ folder, loaded by haproxy.cfg.</summary>
    public const string ScriptFileName = "backup-freshness.lua";

    /// <summary>The HTTP service the script registers, used by haproxy.cfg as <c>lua.&lt;name&gt;</c>.</summary>
    public const string ServiceName = "backup_freshness";

    public const string ContainerRecord = ProxyLayout.ContainerConfigDirectory + "/" + RecordFileName;

    /// <summary>
    /// Beside <see cref="RecordFileName"/>: infra-wal-ship's record of its last run (Unix time, <c>ok</c> or
    /// <c>behind</c>, the message; a line each).
    /// </summary>
    public const string WalRecordFileName = "wal-archiving";

    public const string ContainerWalRecord = ProxyLayout.ContainerConfigDirectory + "/" + WalRecordFileName;

    /// <summary>Whether the stack archives WAL (a backed-up PostgreSQL), so the answer also depends on the shipper's record.</summary>
    public bool ArchivesWal { get; init; }

    /// <summary>Staging and prod on a droplet with both backups and monitoring get the check; nothing else does.</summary>
    public static BackupFreshness? For(StackSettings settings)
    {
        if (settings.Backup is not { } backup || settings.Monitoring is not { } monitoring || !settings.Server.IsDigitalOcean
            || !GraceDuration.TryParse(monitoring.BackupGrace, out var grace) || !CronToOnCalendar.TryConvert(backup.Schedule, out _, out _))
        {
            return null;
        }

        var target = new UptimeTarget("backup-freshness", MonitoringPlan.Scheme(settings), settings.Edge?.Domain, Path);
        return new BackupFreshness(settings.StackName, backup.Schedule, CronGaps.Longest(backup.Schedule) + grace, target)
        {
            ArchivesWal = settings.Accessories.Any(WalArchiving.Applies),
        };
    }

    /// <summary>Where the backup script writes the record on the droplet.</summary>
    public static string HostRecord(StackSettings settings) => $"{ProxyInstall.FilesSource(settings)}/{RecordFileName}";

    /// <summary>The script's path for the proxy, under the folder its files are in.</summary>
    public static string ScriptPath(string filesDirectory) => $"{filesDirectory}/{ProxyLayout.RenderedFolder}/{ScriptFileName}";

    /// <param name="record">Where the proxy reads the record; the container's path unless a test runs HAProxy elsewhere.</param>
    /// <param name="walRecord">Where it reads the WAL shipper's record, likewise.</param>
    public string Script(string record = ContainerRecord, string walRecord = ContainerWalRecord) => Template.Fill("Monitoring/backup-freshness.lua", new Dictionary<string, string>
    {
        ["stack"] = StackName,
        ["path"] = Path,
        ["schedule"] = Schedule,
        ["maxAge"] = ((long)MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        ["record"] = LuaString(record),
        ["walRecord"] = ArchivesWal ? LuaString(walRecord) : "",
        ["walMaxAge"] = WalArchiving.RecordStaleAfterSeconds.ToString(CultureInfo.InvariantCulture),
    });

    private static string LuaString(string path) =>
        path.Contains('"', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal)
            ? throw new ArgumentException($"the record path '{path}' cannot be written in a Lua string as it is", nameof(path))
            : path;
}
