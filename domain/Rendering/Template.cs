using System.Text.RegularExpressions;

namespace Infra.Domain.Rendering;

/// <summary>
/// The one renderer of every server file. Scripts, units and configuration are kept as readable files
/// in each folder's Templates/ (embedded in the assembly) with <c>{{name}}</c> placeholders, and named
/// <c>Folder/file</c> (e.g. <c>Proxy/switch.sh</c>, <c>Backups/backup.sh</c>). Filling one fails on a
/// placeholder left open or a value never used.
/// </summary>
internal static partial class Template
{
    /// <remarks>
    /// One pass over the template: a value is never searched for placeholders, so a value holding
    /// <c>{{x}}</c> (a user's command, say) goes in as it is.
    /// </remarks>
    public static string Fill(string name, IReadOnlyDictionary<string, string> values)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var text = Placeholder().Replace(Read(name), match =>
        {
            var key = match.Value[2..^2];
            if (!values.TryGetValue(key, out var value))
            {
                throw new InvalidOperationException($"template {name}: {match.Value} was not filled");
            }

            used.Add(key);
            return value;
        });
        var unused = values.Keys.FirstOrDefault(key => !used.Contains(key));
        return unused is null ? text : throw new InvalidOperationException($"template {name} has no placeholder {{{{{unused}}}}}");
    }

    public static string Read(string name)
    {
        using var stream = typeof(Template).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"template {name} is not embedded (names are Folder/file, e.g. Backups/backup.sh)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{[A-Za-z][A-Za-z0-9.]*\}\}")]
    private static partial Regex Placeholder();
}
