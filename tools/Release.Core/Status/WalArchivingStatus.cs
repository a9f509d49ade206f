using System.Globalization;
using Infra.Domain.Backups;

namespace Infra.Release.Status;

/// <summary>WAL archiving of one PostgreSQL accessory, as infra-wal-ship last recorded it.</summary>
/// <param name="State">ok, behind, "not running" (its last record is older than <see cref="WalArchiving.RecordStaleAfterSeconds"/>), "never ran", unknown.</param>
/// <param name="PendingSegments">Segments not yet archived by PostgreSQL or not yet shipped, and their size.</param>
public sealed record WalArchivingStatus(
    string Accessory,
    string State,
    int? PendingSegments,
    decimal? PendingMib,
    DateTimeOffset? Time,
    TimeSpan? Age,
    string? Message,
    string? Problem)
{
    /// <summary>"3 segments / 48.0 MiB", or "-" without a record.</summary>
    public string Behind => PendingSegments is { } segments && PendingMib is { } mib
        ? $"{segments.ToString(CultureInfo.InvariantCulture)} segments / {mib.ToString("0.0", CultureInfo.InvariantCulture)} MiB"
        : "-";

    /// <summary>
    /// A missing or old record is a problem on every stack: the shipper runs on a timer on a droplet and
    /// in the scheduler container on the local engine (<see cref="Infra.Domain.Hosting.BackupSchedule"/>).
    /// </summary>
    public static WalArchivingStatus From(WalArchivingReading reading, DateTimeOffset now)
    {
        var name = reading.Accessory;
        if (reading.Error is { } error)
        {
            return new WalArchivingStatus(name, "unknown", null, null, null, null, error, $"accessory {name}: cannot read its WAL archiving record: {error}");
        }

        if (reading.Record is not { } record)
        {
            return new WalArchivingStatus(name, "never ran", null, null, null, null, null,
                $"accessory {name}: infra-wal-ship has recorded no run yet");
        }

        var age = now - record.Time;
        var silent = age > TimeSpan.FromSeconds(WalArchiving.RecordStaleAfterSeconds);
        var state = record.Result == "ok" && silent ? "not running" : record.Result;
        var problem = record.Result switch
        {
            "ok" when silent => $"accessory {name}: infra-wal-ship last recorded a run at {StatusBuilder.Time(record.Time)} ({StatusView.Duration(age)} ago; it runs every {WalArchiving.ShipEverySeconds} s)",
            "ok" => null,
            _ => $"accessory {name}: {record.Message}",
        };
        return new WalArchivingStatus(name, state, record.PendingSegments, record.PendingMib, record.Time, age, record.Message, problem);
    }
}
