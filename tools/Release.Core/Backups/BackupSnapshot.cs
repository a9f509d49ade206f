using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Release.Backups;

/// <summary>
/// One snapshot in the stack's backup repository, read from <c>infra-restore list --json</c>, which
/// is restic's own <c>snapshots --json</c>. The scripts tag each snapshot <c>kind=…</c>, <c>name=…</c>.
/// </summary>
public sealed record BackupSnapshot(string Id, DateTimeOffset Time, IReadOnlyList<string> Targets)
{
    private const string NameTag = "name=";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<BackupSnapshot> ParseList(string json)
    {
        try
        {
            var snapshots = JsonSerializer.Deserialize<List<ResticSnapshot>>(json, Options) ?? [];
            return snapshots
                .Select(s => new BackupSnapshot(
                    s.ShortId,
                    s.Time,
                    (s.Tags ?? []).Where(t => t.StartsWith(NameTag, StringComparison.Ordinal)).Select(t => t[NameTag.Length..]).ToList()))
                .OrderByDescending(s => s.Time)
                .ToList();
        }
        catch (JsonException e)
        {
            throw new ReleaseRefusal($"infra-restore list printed something other than restic's JSON snapshot list: {e.Message.Split('\n')[0]}");
        }
    }

    private sealed record ResticSnapshot([property: JsonPropertyName("short_id")] string ShortId, DateTimeOffset Time, List<string>? Tags);
}
