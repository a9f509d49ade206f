using System.Globalization;

namespace Infra.Release.Status;

/// <summary>
/// The <c>key=value</c> lines the server's scripts write as their records (last-status, last-wal-*):
/// the last value of a key wins, and every record carries <c>time</c> (UTC, RFC 3339) and <c>result</c>.
/// </summary>
public sealed class RecordFields
{
    private readonly IReadOnlyDictionary<string, string> _fields;

    private RecordFields(IReadOnlyDictionary<string, string> fields, DateTimeOffset time, string result)
    {
        _fields = fields;
        Time = time;
        Result = result;
    }

    public DateTimeOffset Time { get; }

    public string Result { get; }

    public string? this[string key] => _fields.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, string> All => _fields;

    /// <summary>The fields, or null when the text has no readable time or no result.</summary>
    public static RecordFields? Parse(string text)
    {
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r').Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);
        return fields.TryGetValue("time", out var time)
            && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            && fields.TryGetValue("result", out var result)
                ? new RecordFields(fields, parsed, result)
                : null;
    }
}
