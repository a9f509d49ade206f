using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class StateRestoreTests : IDisposable
{
    private const string Volume = "urn:pulumi:staging::infra::infra:components:Server$digitalocean:index/volume:Volume::server-volume";
    private const string Droplet = "urn:pulumi:staging::infra::infra:components:Server$digitalocean:index/droplet:Droplet::server-droplet";
    private const string Db = "urn:pulumi:staging::infra::infra:components:Accessory$docker:index/container:Container::db";

    private readonly Harness _harness = new();

    public StateRestoreTests()
    {
        _harness.Engine.History.Add(new UpdateRecord(7, "update", DateTimeOffset.Parse("2026-11-20T08:00:00Z"), "succeeded", new Dictionary<string, ConfigEntry>()));
        _harness.Engine.CurrentState = State(("""{"urn":"DROPLET","type":"digitalocean:index/droplet:Droplet","id":"999","outputs":{"ipv4":"203.0.113.9"}}"""), ("""{"urn":"DB","type":"docker:index/container:Container","id":"c1"}"""));
        _harness.Engine.Checkpoints[7] = State(("""{"urn":"DROPLET","type":"digitalocean:index/droplet:Droplet","id":"123","outputs":{"ipv4":"203.0.113.5"}}"""), ("""{"urn":"VOLUME","type":"digitalocean:index/volume:Volume","id":"v1","protect":true}"""));
    }

    public void Dispose() => _harness.Dispose();

    private static StackState State(params string[] resources) =>
        new("""{"version":3,"deployment":{"manifest":{},"resources":[""" + string.Join(",", resources).Replace("DROPLET", Droplet).Replace("VOLUME", Volume).Replace("\"DB\"", $"\"{Db}\"") + "]}}");

    [Fact]
    public async Task Shows_what_differs_by_urn_and_imports_nothing_without_confirmation()
    {
        var exit = await _harness.RunAsync("state", "restore", "--stack", "staging", "--version", "7");

        Assert.Equal(1, exit);
        Assert.Equal(
        [
            "restoring the state of update 7 would change stack 'staging':",
            $"  + {Volume}  (in the checkpoint, not in the current state)",
            $"  - {Db}  (in the current state, not in the checkpoint)",
            $"  ~ {Droplet}  (id, outputs)",
        ], _harness.Console.Lines);
        Assert.Equal(["state not imported: confirm with --yes"], _harness.Console.Errors);
        Assert.DoesNotContain("import", _harness.Engine.Calls);
        Assert.DoesNotContain(_harness.Console.Lines, l => l.Contains("203.0.113", StringComparison.Ordinal));
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task Imports_the_checkpoint_after_confirmation()
    {
        _harness.Console.Answer = true;

        Assert.Equal(0, await _harness.RunAsync("state", "restore", "--stack", "staging", "--version", "7"));
        Assert.Equal(["import"], _harness.Engine.Calls);
        Assert.Same(_harness.Engine.Checkpoints[7], _harness.Engine.CurrentState);
    }

    [Fact]
    public async Task An_update_not_in_history_is_refused()
    {
        Assert.Equal(1, await _harness.RunAsync("state", "restore", "--stack", "staging", "--version", "8", "--yes"));
        Assert.Equal(["update 8 is not in the history of stack 'staging'; see: release history --stack staging"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task An_update_without_a_kept_checkpoint_is_refused()
    {
        _harness.Engine.Checkpoints.Clear();

        Assert.Equal(1, await _harness.RunAsync("state", "restore", "--stack", "staging", "--version", "7", "--yes"));
        Assert.Equal(["the backend kept no checkpoint of update 7 of stack 'staging'"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }
}
