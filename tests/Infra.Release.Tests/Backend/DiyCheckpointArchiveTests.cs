using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Release.Backend;

namespace Infra.Release.Tests.Backend;

/// <summary>A file:// backend laid out as pulumi/pulumi pkg/backend/diy writes it (history copies, retained checkpoints).</summary>
public sealed class DiyCheckpointArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("diy-backend-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string key, string text) => Write(key, Encoding.UTF8.GetBytes(text));

    private void Write(string key, byte[] bytes)
    {
        var path = Path.Combine(_root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static string Checkpoint(string id) =>
        """{"version":3,"checkpoint":{"stack":"organization/infra/staging","latest":{"manifest":{"time":"t"},"resources":[{"urn":"u","id":"ID"}]}}}""".Replace("ID", id, StringComparison.Ordinal);

    private DiyCheckpointArchive Archive => new(new FileBackendStore(_root), "infra", "staging");

    [Fact]
    public async Task Update_n_is_the_nth_history_entry_oldest_first_and_its_checkpoint_copy_is_the_state()
    {
        Write(".pulumi/history/infra/staging/staging-1732000000000000000.history.json", "{}");
        Write(".pulumi/history/infra/staging/staging-1732000000000000000.checkpoint.json", Checkpoint("first"));
        Write(".pulumi/history/infra/staging/staging-1732100000000000000.history.json", "{}");
        Write(".pulumi/history/infra/staging/staging-1732100000000000000.checkpoint.json", Checkpoint("second"));

        var state = await Archive.ReadAsync(2, CancellationToken.None);

        Assert.Equal("""{"version":3,"deployment":{"manifest":{"time":"t"},"resources":[{"urn":"u","id":"second"}]}}""", state!.Json);
        Assert.Null(await Archive.ReadAsync(3, CancellationToken.None));
        Assert.Equal(2, (await Archive.HistoryKeysAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Without_the_history_copy_the_last_retained_checkpoint_before_the_entry_is_used()
    {
        Write(".pulumi/history/infra/staging/staging-1732000000000000500.history.json", "{}");
        Write(".pulumi/stacks/infra/staging.json", Checkpoint("now"));
        Write(".pulumi/stacks/infra/staging.json.1732000000000000100", Checkpoint("early"));
        Write(".pulumi/stacks/infra/staging.json.1732000000000000400", Checkpoint("end-of-update-1"));
        Write(".pulumi/stacks/infra/staging.json.1732000000000000900", Checkpoint("later"));

        var state = await Archive.ReadAsync(1, CancellationToken.None);

        Assert.Equal("end-of-update-1", (string?)JsonNode.Parse(state!.Json)!["deployment"]!["resources"]![0]!["id"]);
    }

    [Fact]
    public async Task Gzip_compressed_files_are_read()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Checkpoint("zipped")));
        }

        Write(".pulumi/history/infra/staging/staging-1732000000000000000.history.json.gz", "x");
        Write(".pulumi/history/infra/staging/staging-1732000000000000000.checkpoint.json.gz", buffer.ToArray());

        var state = await Archive.ReadAsync(1, CancellationToken.None);

        Assert.Equal("zipped", (string?)JsonNode.Parse(state!.Json)!["deployment"]!["resources"]![0]!["id"]);
    }

    [Fact]
    public async Task Legacy_stacks_without_a_project_folder_are_found()
    {
        Write(".pulumi/history/staging/staging-1732000000000000000.history.json", "{}");
        Write(".pulumi/history/staging/staging-1732000000000000000.checkpoint.json", Checkpoint("legacy"));

        var state = await Archive.ReadAsync(1, CancellationToken.None);

        Assert.Equal("legacy", (string?)JsonNode.Parse(state!.Json)!["deployment"]!["resources"]![0]!["id"]);
    }
}
