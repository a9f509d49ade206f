using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Infra.Domain.Backups;

/// <summary>
/// Turns a five-field cron schedule into a systemd <c>OnCalendar=</c> expression, in the form
/// <c>systemd-analyze calendar</c> prints as normalized. Times are the server's local time, as in cron.
/// </summary>
public static class CronToOnCalendar
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    // systemd's weeks start on Monday; cron numbers Sunday 0.
    private static readonly (int Cron, string Name)[] Week =
        [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (0, "Sun")];

    /// <exception cref="UnsupportedScheduleException">The schedule is not cron, or not one a timer can express.</exception>
    public static string Convert(string cron)
    {
        var fields = Expand(cron.Trim()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw CronField.Problem(cron, $"it has {fields.Length} fields; use five: minute hour day-of-month month day-of-week");
        }

        var minute = CronField.Minute.Parse(fields[0], cron);
        var hour = CronField.Hour.Parse(fields[1], cron);
        var dayOfMonth = CronField.DayOfMonth.Parse(fields[2], cron);
        var month = CronField.Month.Parse(fields[3], cron);
        var dayOfWeek = CronField.DayOfWeek.Parse(fields[4], cron);

        // Cron runs when either day field matches if both are restricted; a timer needs both to match.
        if (fields[2] != "*" && fields[4] != "*")
        {
            throw CronField.Problem(cron, "it restricts both the day of month and the day of week, and cron then runs when either matches while a timer needs both; restrict only one");
        }

        var weekdays = Weekdays(dayOfWeek);
        var date = $"*-{Numbers(CronField.Month, month)}-{Numbers(CronField.DayOfMonth, dayOfMonth)}";
        var time = $"{Numbers(CronField.Hour, hour)}:{Numbers(CronField.Minute, minute)}:00";
        return weekdays is null ? $"{date} {time}" : $"{weekdays} {date} {time}";
    }

    public static bool TryConvert(string cron, [NotNullWhen(true)] out string? onCalendar, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            onCalendar = Convert(cron);
            problem = null;
            return true;
        }
        catch (UnsupportedScheduleException e)
        {
            onCalendar = null;
            problem = e.Problem;
            return false;
        }
    }

    internal static string Expand(string cron)
    {
        if (!cron.StartsWith('@'))
        {
            return cron;
        }

        return Macros.TryGetValue(cron, out var fields)
            ? fields
            : throw CronField.Problem(cron, $"'{cron}' is not a schedule; use five fields or one of {string.Join(", ", Macros.Keys)}");
    }

    /// <summary>Each item as systemd writes it: 05, 01..05, 00/6, 10..18/2; <c>*</c> when anything matches.</summary>
    private static string Numbers(CronField field, IReadOnlyList<CronItem> items)
    {
        if (items.Any(i => i.IsStar && i.Step == 1))
        {
            return "*";
        }

        var rendered = items
            .OrderBy(i => i.From)
            .Select(i => Item(field, i))
            .Distinct(StringComparer.Ordinal);
        return string.Join(",", rendered);
    }

    private static string Item(CronField field, CronItem item)
    {
        var last = item.From + ((item.To - item.From) / item.Step * item.Step);
        if (last == item.From)
        {
            return Two(item.From);
        }

        if (item.Step == 1)
        {
            return $"{Two(item.From)}..{Two(item.To)}";
        }

        // Runs to the end of the field: systemd's "start/step" means the same.
        return item.IsStar || item.To == field.Max ? $"{Two(item.From)}/{item.Step}" : $"{Two(item.From)}..{Two(last)}/{item.Step}";
    }

    /// <summary>Null when every day matches; otherwise names in Monday-first order, runs of three or more as ranges.</summary>
    private static string? Weekdays(IReadOnlyList<CronItem> items)
    {
        var values = CronField.Values(items).Select(d => d % 7).ToHashSet();
        var days = Week.Where(d => values.Contains(d.Cron)).Select(d => Array.IndexOf(Week, d)).ToList();
        if (days.Count == 7)
        {
            return null;
        }

        var parts = new List<string>();
        for (var start = 0; start < days.Count;)
        {
            var end = start;
            while (end + 1 < days.Count && days[end + 1] == days[end] + 1)
            {
                end++;
            }

            parts.Add((end - start) switch
            {
                0 => Week[days[start]].Name,
                1 => $"{Week[days[start]].Name},{Week[days[end]].Name}",
                _ => $"{Week[days[start]].Name}..{Week[days[end]].Name}",
            });
            start = end + 1;
        }

        return string.Join(",", parts);
    }

    private static string Two(int value) => value.ToString("00", CultureInfo.InvariantCulture);
}
