using System.Collections.Immutable;
using System.Text.Json;

namespace Infra.Stacks.Tests.Support;

/// <summary>What an update from one resource graph to the next would create, change or remove.</summary>
public sealed record GraphDiff(IReadOnlyList<string> Created, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)
{
    public static GraphDiff Between(StackRun before, StackRun after)
    {
        var a = before.Inputs.ToDictionary(kv => kv.Key, kv => Canonical(kv.Value));
        var b = after.Inputs.ToDictionary(kv => kv.Key, kv => Canonical(kv.Value));
        return new GraphDiff(
            b.Keys.Except(a.Keys).Order(StringComparer.Ordinal).ToList(),
            a.Keys.Intersect(b.Keys).Where(k => a[k] != b[k]).Order(StringComparer.Ordinal).ToList(),
            a.Keys.Except(b.Keys).Order(StringComparer.Ordinal).ToList());
    }

    public IEnumerable<string> Touched => Created.Concat(Changed).Concat(Removed);

    private static string Canonical(ImmutableDictionary<string, object> inputs) =>
        JsonSerializer.Serialize(inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));
}
