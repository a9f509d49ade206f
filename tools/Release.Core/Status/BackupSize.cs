using System.Globalization;
using Infra.Domain.Backups;

namespace Infra.Release.Status;

/// <summary>
/// How much a backup run saved, as its last-status record says (<see cref="BackupSizeFields"/>):
/// <paramref name="Bytes"/> read and saved, <paramref name="AddedBytes"/> of them new to the repository.
/// </summary>
public sealed record BackupSize(long Bytes, long AddedBytes)
{
    /// <summary>The size from a record's fields; null when the run recorded none (a failed run, or a script from before sizes were recorded).</summary>
    public static BackupSize? From(IReadOnlyDictionary<string, string> fields) =>
        Count(fields, BackupSizeFields.SizeBytes) is { } bytes && Count(fields, BackupSizeFields.AddedBytes) is { } added
            ? new BackupSize(bytes, added)
            : null;

    /// <summary>As people read it, e.g. "1.2 GiB (35.0 MiB new)".</summary>
    public string Describe() => $"{Readable(Bytes)} ({Readable(AddedBytes)} new)";

    private static long? Count(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    internal static string Readable(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
