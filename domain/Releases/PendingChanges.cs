using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Releases;

/// <summary>One service whose settings in the stack file differ from what the live slot runs: the keys, never the values.</summary>
public sealed record PendingChange(string Service, IReadOnlyList<string> Keys)
{
    public override string ToString() => $"{Service}: {string.Join(", ", Keys)}";
}

/// <summary>
/// What the stack configuration would change if it were deployed: infra:services and the secrets
/// they name, compared with what the live slot was deployed with. None of it reaches traffic until
/// `release deploy` puts it into the idle slot and `release promote` switches to it.
/// </summary>
public sealed record PendingChanges(string LiveSlot, bool LiveSlotPinned, IReadOnlyList<PendingChange> Services)
{
    public bool IsEmpty => LiveSlotPinned && Services.Count == 0;

    /// <param name="stackSecret">The stack's current value of a secret config key, or null when it is not known.</param>
    /// <param name="deployedSecret">The live slot's deployed value of a secret config key, or null when it is not known.</param>
    public static PendingChanges For(StackSettings settings, Func<string, string?> stackSecret, Func<string, string?> deployedSecret)
    {
        var live = settings.Release.ActiveSlot;
        if (settings.Release.For(live) is not { IsPinned: true } release)
        {
            return new PendingChanges(live, LiveSlotPinned: false, []);
        }

        var deployed = release.Services!.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var current = settings.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var changes = new List<PendingChange>();
        foreach (var name in current.Keys.Union(deployed.Keys).Order(StringComparer.Ordinal))
        {
            if (!deployed.TryGetValue(name, out var before))
            {
                changes.Add(new PendingChange(name, ["added"]));
                continue;
            }

            if (!current.TryGetValue(name, out var after))
            {
                changes.Add(new PendingChange(name, ["removed"]));
                continue;
            }

            var keys = DifferingKeys(Leaves(before), Leaves(after))
                .Concat(after.Secrets
                    .Where(s => before.Secrets.GetValueOrDefault(s.Key) == s.Value && stackSecret(s.Value) is { } now && deployedSecret(s.Value) is { } then && now != then)
                    .Select(s => $"secret value of {s.Key} ({s.Value})"))
                .ToList();
            if (keys.Count > 0)
            {
                changes.Add(new PendingChange(name, keys));
            }
        }

        return new PendingChanges(live, LiveSlotPinned: true, changes);
    }

    /// <summary>Lines for a person: what differs and how it reaches traffic; empty when nothing is pending.</summary>
    public IReadOnlyList<string> Describe(string stack)
    {
        if (!LiveSlotPinned)
        {
            return [$"the live slot {LiveSlot} of stack '{stack}' has no pinned settings (written by hand): its containers keep the settings they were created with, and edits of infra:services or secrets reach traffic only by `release deploy --stack {stack}` into the idle slot, then `release promote`, which pins them."];
        }

        if (Services.Count == 0)
        {
            return [];
        }

        return
        [
            $"pending configuration for stack '{stack}': the live slot {LiveSlot} runs with settings that differ from the stack file in:",
            .. Services.Select(change => $"  {change}"),
            $"they reach traffic only through a release: `release deploy --stack {stack} <release-file>` (into the idle slot, health-checked there), then `release promote --stack {stack}`.",
        ];
    }

    private static IEnumerable<string> DifferingKeys(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(key => before.GetValueOrDefault(key) != after.GetValueOrDefault(key))
            .Select(key => key.Split('[')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    /// <summary>Every leaf of a service's settings as path → JSON text, e.g. env.DATABASE_HOST or volumes[0].path.</summary>
    private static Dictionary<string, string> Leaves(ServiceSettings service)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(JsonSerializer.SerializeToNode(service, SettingsJson.Options), "", leaves);
        return leaves;
    }

    private static void Flatten(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Flatten(value, path.Length == 0 ? key : $"{path}.{key}", leaves);
                }

                break;
            case JsonArray array:
                // Lists are compared whole: an element added, removed or moved changes the list.
                leaves[path] = array.ToJsonString();
                break;
            default:
                leaves[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }
}
