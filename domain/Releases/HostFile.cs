namespace Infra.Domain.Releases;

/// <summary>
/// A file written on a host by an install script, its content in a quoted here-document so nothing
/// in it is expanded: atomically here (Templates/write-file.sh: temp file beside it, then rename), or by
/// the proxy install's own <c>write</c> function (see <see cref="Proxy.ProxyInstall"/>).
/// </summary>
public static class HostFile
{
    /// <summary>The line that ends a file's here-document.</summary>
    public const string End = "INFRA_FILE_END";

    /// <summary>The content as it stands in the here-document: without its last newline, refused if it holds the line that would end it.</summary>
    public static string HereDocument(string path, string content) =>
        content.Split('\n').Contains(End)
            ? throw new InvalidOperationException($"{path} contains the line '{End}' that ends it in the install script")
            : content.TrimEnd('\n');

    public static string Write(string path, string mode, string content) => Template.Fill("Releases/write-file.sh", new Dictionary<string, string>
    {
        ["path"] = ShellQuote.Word(path),
        ["mode"] = mode,
        ["end"] = End,
        ["content"] = HereDocument(path, content),
    });
}
