using System.Globalization;
using Infra.Domain.Releases;

namespace Infra.Domain.Hosting;

/// <summary>
/// Health as it is now, observed from outside: one helper container on the stack's network asks each
/// target's health path once (Templates/probe-once.sh) and prints <c>&lt;alias&gt; &lt;status&gt;</c> per
/// target. Unlike <see cref="ReadinessProbe"/> it never waits for a container to become ready.
/// </summary>
public sealed record StatusProbe(IReadOnlyList<ReadinessProbe> Targets)
{
    /// <summary>How long one target may take to answer.</summary>
    public const int AnswerMilliseconds = 2000;

    public string Script() => Template.Fill("Hosting/probe-once.sh", new Dictionary<string, string>
    {
        ["httpTools"] = HttpTools.Script,
        ["targets"] = string.Join("\n", Targets.Select(t => "  " + ShellQuote.Always($"{t.Alias} {t.Address} {t.HealthPath}"))),
        ["milliseconds"] = AnswerMilliseconds.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The host command; <paramref name="run"/> makes the helper's name unique, so two status runs never collide.</summary>
    public IReadOnlyList<string> HostCommand(DockerNames names, string run, string helperImage = HelperImage.Reference) =>
        ["sh", "-c", new HelperRun { Name = names.Container($"status-{run}"), Network = names.Network, Script = Script(), Image = helperImage }.Render()];

    /// <summary>Status per alias from the script's output; an alias it did not print is missing.</summary>
    public static IReadOnlyDictionary<string, int> ParseOutput(string output)
    {
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                statuses[parts[0]] = status;
            }
        }

        return statuses;
    }
}
