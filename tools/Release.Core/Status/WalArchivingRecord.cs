using System.Globalization;
using Infra.Domain.Backups;

namespace Infra.Release.Status;

/// <summary>
/// infra-wal-ship's record of its last run for one PostgreSQL accessory, in the backup's state folder
/// (<see cref="WalArchiving.StatusFileName"/>; domain/Backups/Templates/wal-ship.sh): <c>key=value</c> lines
/// <c>time</c> (UTC, RFC 3339), <c>result</c> (ok, behind), <c>pending_segments</c>, <c>pending_mib</c> and <c>message</c>.
/// </summary>
public sealed record WalArchivingRecord(DateTimeOffset Time, string Result, int PendingSegments, decimal PendingMib, string Message)
{
    public static WalArchivingRecord Parse(string text)
    {
        if (RecordFields.Parse(text) is not { } fields
            || !int.TryParse(fields["pending_segments"], NumberStyles.None, CultureInfo.InvariantCulture, out var segments)
            || !decimal.TryParse(fields["pending_mib"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mib))
        {
            throw new ReleaseRefusal($"the WAL archiving record has no time, result or pending segments and MiB: {text.Split('\n')[0]}");
        }

        return new WalArchivingRecord(fields.Time, fields.Result, segments, mib, fields["message"] ?? "");
    }
}

/// <summary>One accessory's WAL archiving record as read from the host: the record, none yet, or why it could not be read.</summary>
public sealed record WalArchivingReading(string Accessory, WalArchivingRecord? Record, string? Error = null)
{
    /// <summary>The readings of every accessory of the stack whose WAL is archived, from the backup's records.</summary>
    public static IReadOnlyList<WalArchivingReading> From(BackupRecords records, Infra.Domain.Settings.StackSettings settings) =>
        settings.Accessories.Where(WalArchiving.Applies).Select(accessory => From(records, accessory.Name)).ToList();

    private static WalArchivingReading From(BackupRecords records, string accessory)
    {
        if (records.Error is { } error)
        {
            return new WalArchivingReading(accessory, null, error);
        }

        var text = records.Text(WalArchiving.StatusFileName(accessory));
        try
        {
            return new WalArchivingReading(accessory, text.Trim().Length == 0 ? null : WalArchivingRecord.Parse(text));
        }
        catch (ReleaseRefusal unreadable)
        {
            return new WalArchivingReading(accessory, null, unreadable.Message);
        }
    }
}
