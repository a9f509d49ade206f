namespace Infra.Domain.Releases;

/// <summary>
/// Shell lines that write a file on a host atomically (temp file beside it, then rename), with its
/// content in a quoted heredoc so nothing in it is expanded.
/// </summary>
public static class HostFile
{
    private const string End = "INFRA_FILE_END";

    public static string Write(string path, string mode, string content)
    {
        if (content.Split('\n').Contains(End))
        {
            throw new InvalidOperationException($"{path} contains the line '{End}' that ends it in the install script");
        }

        var quoted = ShellQuote.Word(path);
        return $"tmp=\"$(mktemp {quoted}.XXXXXX)\"\n"
            + $"cat > \"$tmp\" <<'{End}'\n{content.TrimEnd('\n')}\n{End}\n"
            + $"chmod {mode} \"$tmp\"\n"
            + $"mv -f \"$tmp\" {quoted}";
    }
}
