using System.Text.Json.Nodes;
using Infra.Release.Engine;

namespace Infra.Release.State;

/// <summary>A resource whose recorded state differs, and which of its fields differ (never their values).</summary>
public sealed record ChangedResource(string Urn, IReadOnlyList<string> Fields);

/// <summary>What importing a checkpoint would change, by URN.</summary>
public sealed record StateDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<ChangedResource> Changed)
{
    private static readonly string[] ComparedFields = ["type", "id", "custom", "protect", "retainOnDelete", "parent", "provider", "dependencies", "inputs", "outputs", "delete", "pendingReplacement"];

    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    /// <param name="current">The stack's state now.</param>
    /// <param name="restored">The state that would be imported.</param>
    public static StateDiff Between(StackState current, StackState restored)
    {
        var now = Resources(current);
        var then = Resources(restored);
        var added = then.Keys.Where(urn => !now.ContainsKey(urn)).Order(StringComparer.Ordinal).ToList();
        var removed = now.Keys.Where(urn => !then.ContainsKey(urn)).Order(StringComparer.Ordinal).ToList();
        var changed = now.Keys.Where(then.ContainsKey).Order(StringComparer.Ordinal)
            .Select(urn => new ChangedResource(urn, ComparedFields.Where(f => !JsonNode.DeepEquals(now[urn][f], then[urn][f])).ToList()))
            .Where(c => c.Fields.Count > 0)
            .ToList();
        return new StateDiff(added, removed, changed);
    }

    public IEnumerable<string> Lines()
    {
        foreach (var urn in Added)
        {
            yield return $"  + {urn}  (in the checkpoint, not in the current state)";
        }

        foreach (var urn in Removed)
        {
            yield return $"  - {urn}  (in the current state, not in the checkpoint)";
        }

        foreach (var change in Changed)
        {
            yield return $"  ~ {change.Urn}  ({string.Join(", ", change.Fields)})";
        }
    }

    private static Dictionary<string, JsonObject> Resources(StackState state)
    {
        var resources = JsonNode.Parse(state.Json)?["deployment"]?["resources"]?.AsArray() ?? [];
        var byUrn = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in resources.OfType<JsonObject>())
        {
            // A resource pending deletion shares its URN with its replacement; the live one wins.
            var urn = (string?)resource["urn"] ?? "";
            if (!byUrn.ContainsKey(urn) || resource["delete"]?.GetValue<bool>() != true)
            {
                byUrn[urn] = resource;
            }
        }

        return byUrn;
    }
}
