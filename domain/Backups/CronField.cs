using System.Globalization;

namespace Infra.Domain.Backups;

/// <summary>One item of a cron field: <c>*</c>, <c>5</c>, <c>1-5</c>, each optionally with <c>/step</c>.</summary>
internal sealed record CronItem(int From, int To, int Step, bool IsStar);

/// <summary>The range and names of one of the five cron fields, and how to read its items.</summary>
internal sealed record CronField(string Name, int Min, int Max, IReadOnlyList<string> Names)
{
    public static readonly CronField Minute = new("minute", 0, 59, []);
    public static readonly CronField Hour = new("hour", 0, 23, []);
    public static readonly CronField DayOfMonth = new("day of month", 1, 31, []);

    public static readonly CronField Month = new("month", 1, 12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);

    // 0 and 7 are both Sunday.
    public static readonly CronField DayOfWeek = new("day of week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);

    /// <summary>The field's items; throws <see cref="UnsupportedScheduleException"/> saying why they cannot be read.</summary>
    public IReadOnlyList<CronItem> Parse(string text, string cron)
    {
        var items = new List<CronItem>();
        foreach (var part in text.Split(','))
        {
            var slash = part.Split('/');
            if (slash.Length > 2)
            {
                throw Problem(cron, $"'{part}' has more than one '/'");
            }

            var step = slash.Length == 2 ? Number(slash[1], cron, isStep: true) : 1;
            if (step < 1)
            {
                throw Problem(cron, $"the step in '{part}' must be at least 1");
            }

            var range = slash[0];
            if (range == "*")
            {
                items.Add(new CronItem(Min, Max, step, IsStar: true));
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2)
            {
                throw Problem(cron, $"'{part}' is not a range");
            }

            var from = Number(bounds[0], cron, isStep: false);
            // A single value with a step ("5/15") runs from it to the end of the field, as in cron.
            var to = bounds.Length == 2 ? Number(bounds[1], cron, isStep: false) : slash.Length == 2 ? Max : from;
            if (to < from)
            {
                throw Problem(cron, $"the range '{range}' in the {Name} runs backwards, which a timer cannot wrap around");
            }

            items.Add(new CronItem(from, to, step, IsStar: false));
        }

        return items;
    }

    /// <summary>Every value the items select.</summary>
    public static SortedSet<int> Values(IEnumerable<CronItem> items)
    {
        var values = new SortedSet<int>();
        foreach (var item in items)
        {
            for (var value = item.From; value <= item.To; value += item.Step)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private int Number(string text, string cron, bool isStep)
    {
        var index = Names.ToList().FindIndex(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (!isStep && index >= 0)
        {
            return index + (Min == 1 ? 1 : 0);
        }

        if (text.Length is 0 or > 4 || !text.All(char.IsAsciiDigit))
        {
            throw Problem(cron, $"'{text}' in the {Name} is not supported; use numbers, ranges (1-5), lists (1,15) and steps (*/6)");
        }

        var value = int.Parse(text, CultureInfo.InvariantCulture);
        if (!isStep && (value < Min || value > Max))
        {
            throw Problem(cron, $"{value} is outside {Min}-{Max} for the {Name}");
        }

        return value;
    }

    internal static UnsupportedScheduleException Problem(string cron, string problem) =>
        new($"'{cron}' cannot become a systemd timer: {problem}");
}
