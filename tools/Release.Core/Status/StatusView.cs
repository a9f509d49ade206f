using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Release.Output;

namespace Infra.Release.Status;

/// <summary>The status for a person (Spectre.Console tables, through <see cref="TextTable"/>) and for machines (JSON).</summary>
public static class StatusView
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string ToJson(StackStatus status) =>
        JsonSerializer.Serialize(new { status.Stack, status.Healthy, status.ConfiguredSlot, status.ProxySlot, status.Slots, status.Routes, status.Accessories, WalArchiving = status.WalArchiving.Select(WalJson), Backup = BackupJson(status.Backup), status.Pending, status.Problems }, Json);

    public static IReadOnlyList<string> Text(StackStatus status, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            $"stack '{status.Stack}': the stack says {status.ConfiguredSlot} takes traffic; the proxy says {status.ProxySlot ?? "(see routes)"}",
            "",
        };
        lines.AddRange(Table(
            ["SERVICE", "SLOT", "VERSION", "DIGEST", "STATE", "HEALTH", "STARTED"],
            status.Slots.Select(s => (IReadOnlyList<string>)[s.Service, s.Active ? $"{s.Slot} (live)" : s.Slot, s.Version, Short(s.Digest), s.State, s.Health, Since(s.StartedAt, now)])));
        if (status.Routes.Count > 0)
        {
            lines.Add("");
            lines.AddRange(Table(
                ["ROUTE", "PROXY SENDS TO", "STACK SAYS"],
                status.Routes.Select(r => (IReadOnlyList<string>)[r.Service, r.ProxySlot ?? "unknown", r.ConfiguredSlot])));
        }

        if (status.Accessories.Count > 0)
        {
            lines.Add("");
            lines.AddRange(Table(
                ["ACCESSORY", "KIND", "STATE", "HEALTH", "STARTED"],
                status.Accessories.Select(a => (IReadOnlyList<string>)[a.Name, a.Kind, a.State, a.Health, Since(a.StartedAt, now)])));
        }

        if (status.WalArchiving.Count > 0)
        {
            lines.Add("");
            lines.AddRange(Table(
                ["WAL ARCHIVING", "STATE", "BEHIND", "LAST RUN", "MESSAGE"],
                status.WalArchiving.Select(w => (IReadOnlyList<string>)[w.Accessory, w.State, w.Behind, Since(w.Time, now), w.Message ?? "-"])));
        }

        var backup = status.Backup;
        lines.Add("");
        lines.AddRange(Table(
            ["BACKUP", "WHEN", "AGE", "SIZE", "NEXT DUE", "MESSAGE"],
            [[backup.Missed ? $"{backup.Result}, missed a run" : backup.Result, backup.Time is { } t ? StatusBuilder.Time(t) : "-", backup.Age is { } age ? Duration(age) : "-", backup.Size?.Describe() ?? "-", backup.NextDue is { } due ? StatusBuilder.Time(due) : "-", backup.Message ?? "-"]]));

        if (status.Pending.Count > 0)
        {
            lines.Add("");
            lines.AddRange(status.Pending);
        }

        lines.Add("");
        lines.Add(status.Healthy ? "healthy" : $"{status.Problems.Count} problem(s):");
        lines.AddRange(status.Problems.Select(p => $"  - {p}"));
        return lines;
    }

    private static object BackupJson(BackupStatus backup) => new
    {
        backup.Result,
        backup.Time,
        AgeSeconds = backup.Age is { } age ? (long?)age.TotalSeconds : null,
        backup.Message,
        SizeBytes = backup.Size?.Bytes,
        AddedBytes = backup.Size?.AddedBytes,
        backup.NextDue,
        backup.Missed,
        backup.Problem,
    };

    private static object WalJson(WalArchivingStatus wal) => new
    {
        wal.Accessory,
        wal.State,
        wal.PendingSegments,
        wal.PendingMib,
        wal.Time,
        AgeSeconds = wal.Age is { } age ? (long?)age.TotalSeconds : null,
        wal.Message,
        wal.Problem,
    };

    private static IEnumerable<string> Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        TextTable.Render(header, rows).TrimEnd('\n').Split('\n');

    /// <summary>A digest as people compare them: its first 12 hex digits.</summary>
    private static string Short(string? digest) =>
        digest is null ? "-" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length >= 19 ? digest[..19] : digest;

    private static string Since(DateTimeOffset? started, DateTimeOffset now) =>
        started is { } time ? $"{StatusBuilder.Time(time)} ({Duration(now - time)} ago)" : "-";

    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => $"{Whole(span.TotalSeconds)}s",
        { TotalHours: < 1 } => $"{Whole(span.TotalMinutes)}m",
        { TotalDays: < 2 } => $"{Whole(span.TotalHours)}h{span.Minutes:00}m",
        _ => $"{Whole(span.TotalDays)}d{span.Hours:00}h",
    };

    private static string Whole(double value) => Math.Max(0, (long)Math.Floor(value)).ToString(CultureInfo.InvariantCulture);
}
