namespace Infra.Domain.Releases;

/// <summary>POSIX shell quoting for commands rendered into scripts: every argument stays one word.</summary>
public static class ShellQuote
{
    public static string Word(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./-_".Contains(c))
            ? value
            : Always(value);

    /// <summary>Always single-quoted, even when it needn't be: for lists whose items should read alike.</summary>
    public static string Always(string value) => "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Word));
}
