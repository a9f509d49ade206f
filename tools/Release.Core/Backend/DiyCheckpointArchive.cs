using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Release.Engine;

namespace Infra.Release.Backend;

/// <summary>
/// Past states of a stack on a self-managed backend, laid out as pulumi/pulumi pkg/backend/diy writes them:
/// after every update, <c>.pulumi/history/&lt;project&gt;/&lt;stack&gt;/&lt;stack&gt;-&lt;unixnano&gt;.history.json</c> and a copy of
/// the checkpoint beside it (<c>...checkpoint.json</c>); with PULUMI_DIY_BACKEND_RETAIN_CHECKPOINTS set, also every
/// checkpoint write as <c>.pulumi/stacks/&lt;project&gt;/&lt;stack&gt;.json.&lt;unixnano&gt;</c>. The DIY backend numbers no
/// updates, so update N is the N-th history file, oldest first, as <c>history</c> numbers them.
/// </summary>
public sealed class DiyCheckpointArchive(IBackendStore store, string project, string stack)
{
    private const string HistorySuffix = ".history.json";
    private const string CheckpointSuffix = ".checkpoint.json";

    public async Task<IReadOnlyList<string>> HistoryKeysAsync(CancellationToken cancel)
    {
        foreach (var folder in new[] { $".pulumi/history/{project}/{stack}/", $".pulumi/history/{stack}/" })
        {
            var keys = (await store.ListAsync(folder, cancel))
                .Where(k => StripCompression(k).EndsWith(HistorySuffix, StringComparison.Ordinal))
                .ToList();
            if (keys.Count > 0)
            {
                return keys;
            }
        }

        return [];
    }

    public async Task<StackState?> ReadAsync(int updateNumber, CancellationToken cancel)
    {
        var history = await HistoryKeysAsync(cancel);
        if (updateNumber < 1 || updateNumber > history.Count)
        {
            return null;
        }

        var historyKey = history[updateNumber - 1];
        var entry = StripCompression(historyKey)[..^HistorySuffix.Length];
        var bytes = await store.ReadAsync(entry + CheckpointSuffix, cancel)
            ?? await store.ReadAsync(entry + CheckpointSuffix + ".gz", cancel)
            ?? await RetainedBeforeAsync(TimestampOf(entry), cancel);
        return bytes is null ? null : ToDeployment(Decompress(bytes));
    }

    /// <summary>The last retained checkpoint written before the update's history entry (the state it ended with).</summary>
    private async Task<byte[]?> RetainedBeforeAsync(long historyTimestamp, CancellationToken cancel)
    {
        var stackFile = $".pulumi/stacks/{project}/{stack}.json";
        var retained = (await store.ListAsync(stackFile, cancel))
            .Select(key => (key, stamp: RetainedTimestamp(key, stackFile)))
            .Where(r => r.stamp is not null && r.stamp <= historyTimestamp)
            .MaxBy(r => r.stamp);
        return retained.key is null ? null : await store.ReadAsync(retained.key, cancel);
    }

    private static long? RetainedTimestamp(string key, string stackFile)
    {
        var rest = key[stackFile.Length..];
        rest = rest.StartsWith(".gz.", StringComparison.Ordinal) ? rest[3..] : rest;
        return rest.Length > 1 && rest[0] == '.' && long.TryParse(rest[1..], out var stamp) ? stamp : null;
    }

    private static long TimestampOf(string entry) =>
        long.TryParse(entry[(entry.LastIndexOf('-') + 1)..], out var stamp) ? stamp : long.MaxValue;

    private static string StripCompression(string key) => key.EndsWith(".gz", StringComparison.Ordinal) ? key[..^3] : key;

    private static string Decompress(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        if (bytes.Length > 4 && bytes[0] == 0x28 && bytes[1] == 0xb5 && bytes[2] == 0x2f && bytes[3] == 0xfd)
        {
            throw new ReleaseRefusal("the checkpoint is zstd-compressed, which this tool cannot read; unset PULUMI_DIY_BACKEND_COMPRESSION=zstd or use gzip");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A checkpoint file ({"version":3,"checkpoint":{"latest":{...}}}) as an importable deployment.</summary>
    public static StackState ToDeployment(string checkpointJson)
    {
        var root = JsonNode.Parse(checkpointJson)?.AsObject()
            ?? throw new ReleaseRefusal("the checkpoint is empty");
        var latest = root["checkpoint"]?["latest"]?.DeepClone() ?? new JsonObject { ["manifest"] = new JsonObject(), ["resources"] = new JsonArray() };
        var deployment = new JsonObject
        {
            ["version"] = root["version"]?.DeepClone() ?? 3,
            ["deployment"] = latest,
        };
        return new StackState(deployment.ToJsonString());
    }
}
