using System.Globalization;
using Infra.Domain.Backups;
using Infra.Release.Backups;

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
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r').Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("time", out var time)
            || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || !fields.TryGetValue("result", out var result)
            || !int.TryParse(fields.GetValueOrDefault("pending_segments"), NumberStyles.None, CultureInfo.InvariantCulture, out var segments)
            || !decimal.TryParse(fields.GetValueOrDefault("pending_mib"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mib))
        {
            throw new ReleaseRefusal($"the WAL archiving record has no time, result or pending segments and MiB: {text.Split('\n')[0]}");
        }

        return new WalArchivingRecord(parsed, result, segments, mib, fields.GetValueOrDefault("message", ""));
    }
}

/// <summary>One accessory's WAL archiving record as read from the host: the record, none yet, or why it could not be read.</summary>
public sealed record WalArchivingReading(string Accessory, WalArchivingRecord? Record, string? Error = null)
{
    /// <summary>Prints the accessory's record, and nothing when no run has written one yet.</summary>
    public static IReadOnlyList<string> Command(BackupHostLayout layout, string accessory)
    {
        string[] read = ["sh", "-c", "if [ -e \"$1\" ]; then cat -- \"$1\"; fi", WalArchiving.StatusFileName(accessory), RecordPath(layout, accessory)];
        return layout.Scheduled ? ["sudo", .. read] : read;
    }

    public static string RecordPath(BackupHostLayout layout, string accessory) => $"{layout.StateDirectory}/{WalArchiving.StatusFileName(accessory)}";

    /// <summary>The records of every accessory of the stack whose WAL is archived.</summary>
    public static async Task<IReadOnlyList<WalArchivingReading>> ReadAllAsync(IServerShell shell, BackupHostLayout layout, Infra.Domain.Settings.StackSettings settings, CancellationToken cancel)
    {
        var readings = new List<WalArchivingReading>();
        foreach (var accessory in settings.Accessories.Where(WalArchiving.Applies))
        {
            var read = await shell.RunAsync(Command(layout, accessory.Name), cancel);
            readings.Add(Reading(accessory.Name, read, RecordPath(layout, accessory.Name)));
        }

        return readings;
    }

    private static WalArchivingReading Reading(string accessory, ShellResult read, string path)
    {
        if (!read.Succeeded)
        {
            var error = read.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
            return new WalArchivingReading(accessory, null, $"{path}: {error}");
        }

        try
        {
            return new WalArchivingReading(accessory, read.Output.Trim().Length == 0 ? null : WalArchivingRecord.Parse(read.Output));
        }
        catch (ReleaseRefusal unreadable)
        {
            return new WalArchivingReading(accessory, null, unreadable.Message);
        }
    }
}
