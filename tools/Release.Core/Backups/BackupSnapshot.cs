using System.Text.Json;

namespace Infra.Release.Backups;

/// <summary>One snapshot in the stack's backup bucket, as <c>infra-backup list --json</c> reports it.</summary>
public sealed record BackupSnapshot(string Id, DateTimeOffset Time, IReadOnlyList<string> Targets)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<BackupSnapshot> ParseList(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<BackupSnapshot>>(json, Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new ReleaseRefusal($"infra-backup list printed something other than its JSON list: {e.Message.Split('\n')[0]}");
        }
    }
}
