using System.Text.RegularExpressions;

namespace Infra.Domain.Backups;

/// <summary>Database and user names go into the rendered scripts unquoted, so only plain identifiers are allowed.</summary>
public static partial class ShellSafeName
{
    public static bool IsSafe(string name) => Pattern().IsMatch(name);

    public static string Require(string name, string what) =>
        IsSafe(name) ? name : throw new ArgumentException($"{what} '{name}' cannot go into a backup script; use letters, digits, '_', '.' and '-'");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex Pattern();
}
