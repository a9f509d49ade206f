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
        using var stream = typeof(Template).Assembly.GetManifestResourceStream(name.Contains('/', StringComparison.Ordinal) ? name : $"Backups/{name}")
            ?? throw new InvalidOperationException($"template {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{[A-Za-z][A-Za-z0-9.]*\}\}")]
    private static partial Regex Placeholder();
}
