using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Domain.Monitoring;

/// <summary>A grace period as the stack file writes it: whole minutes, hours or days (<c>90m</c>, <c>2h</c>, <c>1d</c>).</summary>
public static partial class GraceDuration
{
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Form().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return duration >= Shortest && duration <= Longest;
    }

    [GeneratedRegex(@"^([0-9]{1,5})(m|h|d)$")]
    private static partial Regex Form();
}
