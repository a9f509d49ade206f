using System.Text.RegularExpressions;

namespace Infra.Domain.Backups;

/// <summary>
/// The scripts and units are kept as readable files in Templates/ (embedded in the assembly) with
/// <c>{{name}}</c> placeholders. Filling one fails on a placeholder left open or a value never used.
/// The one renderer of every server file: a bare name is a backup template, <c>Folder/name</c> one of
/// another folder's Templates/ (e.g. <c>Proxy/switch.sh</c>).
/// </summary>
internal static partial class Template
{
    public static string Fill(string name, IReadOnlyDictionary<string, string> values)
    {
        var text = Read(name);
        foreach (var (key, value) in values)
        {
            var placeholder = "{{" + key + "}}";
            if (!text.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"template {name} has no placeholder {placeholder}");
            }

            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        var open = Placeholder().Match(text);
        return open.Success ? throw new InvalidOperationException($"template {name}: {open.Value} was not filled") : text;
    }

    public static string Read(string name)
    {
        using var stream = typeof(Template).Assembly.GetManifestResourceStream(name.Contains('/', StringComparison.Ordinal) ? name : $"Backups/{name}")
            ?? throw new InvalidOperationException($"template {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{[A-Za-z]+\}\}")]
    private static partial Regex Placeholder();
}
