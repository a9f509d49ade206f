using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Domain.Backups;

namespace Infra.Release.Backups;

/// <summary>Where a point-in-time restore stops: <c>latest</c> (the end of the shipped WAL) or an RFC 3339 time.</summary>
public sealed record RecoveryTime(string Text)
{
    public const string Latest = "latest";

    /// <summary>The value of <c>--to</c>, checked as the restore script checks it; a one-line refusal otherwise.</summary>
    public static RecoveryTime Parse(string value)
    {
        if (value == Latest)
        {
            return new RecoveryTime(Latest);
        }

        return Regex.IsMatch(value, WalArchiving.Rfc3339Pattern)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? new RecoveryTime(value)
            : throw new ReleaseRefusal(WalArchiving.BadTime(value));
    }

    public override string ToString() => Text;
}
