using System.Text.Json.Nodes;
using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class RollbackTests : IDisposable
{
    private readonly Harness _harness = new();

    /// <summary>Green (2026.11.22-1, which ran api/migrate when deployed) takes traffic; blue still runs 2026.11.20-1.</summary>
    public RollbackTests()
    {
        TestReleases.DeployV2ToGreen(_harness.Engine);
        _harness.Engine.SetRelease(r => r["activeSlot"] = "green");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Past_release_tasks_are_named_and_need_confirmation()
    {
        var exit = await _harness.RunAsync("rollback", "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(
            ["this rolls back past release(s) that ran release tasks: 2026.11.22-1 (api/migrate); the database may no longer match the older code; not rolled back: confirm with --yes"],
            _harness.Console.Errors);
        Assert.Single(_harness.Console.Questions);
        Assert.Empty(_harness.Engine.Calls);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task With_yes_it_switches_back_to_the_previous_slot_and_checks_the_live_route()
    {
        _harness.Healthy(_harness.Preview);

        var exit = await _harness.RunAsync("rollback", "--stack", "staging", "--yes");

        Assert.Equal(0, exit);
        Assert.Equal(["set infra:release.activeSlot = blue", "up"], _harness.Engine.Calls);
        Assert.Empty(_harness.Console.Questions);
        Assert.Contains("blue (2026.11.20-1) takes traffic", _harness.Console.Lines);
        Assert.Contains(Harness.Probe("blue", "api"), _harness.Preview.Requests);
    }

    [Fact]
    public async Task An_interactive_yes_is_confirmation_too()
    {
        _harness.Healthy(_harness.Preview);
        _harness.Console.Answer = true;

        Assert.Equal(0, await _harness.RunAsync("rollback", "--stack", "staging"));
        Assert.Equal(["set infra:release.activeSlot = blue", "up"], _harness.Engine.Calls);
    }

    [Fact]
    public async Task A_stopped_previous_slot_is_refused()
    {
        _harness.Engine.SetRelease(r => r["stopIdle"] = true);

        Assert.Equal(1, await _harness.RunAsync("rollback", "--stack", "staging", "--yes"));
        Assert.Equal(
            ["slot blue of stack 'staging' is stopped (stopIdle) and has no containers, so switching back is not quick; use rollback --to 2026.11.20-1"],
            _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_previous_slot_without_a_release_is_refused()
    {
        _harness.Engine.SetRelease(r => r["slots"]!["blue"] = JsonNode.Parse("""{"version":"","images":{}}"""));

        Assert.Equal(1, await _harness.RunAsync("rollback", "--stack", "staging", "--yes"));
        Assert.Equal(["slot blue of stack 'staging' has no release to switch back to; use rollback --to <version>"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_version_not_in_history_is_refused()
    {
        _harness.Engine.History.AddRange(History());

        Assert.Equal(1, await _harness.RunAsync("rollback", "--stack", "staging", "--to", "2025.01.01-9", "--yes"));
        Assert.Equal(
            ["'2025.01.01-9' is neither an update number nor a release version in the history of stack 'staging'; see: release history --stack staging"],
            _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task To_an_update_deploys_its_release_into_the_idle_slot_and_promotes_it()
    {
        _harness.Engine.History.AddRange(History());
        _harness.Healthy(_harness.Preview);

        var exit = await _harness.RunAsync("rollback", "--stack", "staging", "--to", "1", "--yes");

        Assert.Equal(0, exit);
        Assert.Equal(
        [
            "set secret infra:blueSlotSecrets",
            "set infra:release.slots.blue.version = 2026.11.01-1",
            $"set infra:release.slots.blue.images.api = {V1Api}",
            $"set infra:release.slots.blue.images.web = {V1Web}",
            $"set infra:release.slots.blue.images.worker = {V1Api}",
            "set infra:blueSlotServices (whole value)",
            "up",
            "set infra:release.activeSlot = blue",
            "up",
        ], _harness.Engine.Calls);
        Assert.Contains("rolling back stack 'staging' to release 2026.11.01-1 (from update 1)", _harness.Console.Lines);
    }

    [Fact]
    public async Task To_a_version_names_every_later_release_that_ran_tasks()
    {
        _harness.Engine.History.AddRange(History());

        Assert.Equal(1, await _harness.RunAsync("rollback", "--stack", "staging", "--to", "2026.11.01-1"));
        Assert.Equal(
            ["this rolls back past release(s) that ran release tasks: 2026.11.20-1 (api/migrate); 2026.11.22-1 (api/migrate); the database may no longer match the older code; not rolled back: confirm with --yes"],
            _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task To_an_update_whose_slot_was_pinned_brings_back_the_settings_it_ran_with()
    {
        var services = _harness.Engine.Plain("infra:services")!.AsArray();
        var then = JsonNode.Parse(services.ToJsonString())!.AsArray();
        then[1]!["env"]!.AsObject()["LEGACY_MODE"] = "1";
        _harness.Engine.History.Add(new UpdateRecord(1, "update", DateTimeOffset.Parse("2026-11-01T10:00:00Z"), "succeeded", new Dictionary<string, ConfigEntry>
        {
            ["infra:release"] = ConfigEntry.Plain(Release("green", Slot(""), Slot("2026.11.01-1"))),
            ["infra:services"] = ConfigEntry.Plain(services.ToJsonString()),
            ["infra:greenSlotServices"] = ConfigEntry.Plain(then.ToJsonString()),
        }));
        _harness.Healthy(_harness.Preview);

        Assert.Equal(0, await _harness.RunAsync("rollback", "--stack", "staging", "--to", "1", "--yes"));

        Assert.Equal("1", (string?)_harness.Engine.Plain("infra:blueSlotServices")![1]!["env"]!["LEGACY_MODE"]);
        Assert.Null(_harness.Engine.Plain("infra:services")![1]!["env"]!["LEGACY_MODE"]);
    }

    private const string V1Web = "ghcr.io/acme/web@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string V1Api = "ghcr.io/acme/api@sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private static JsonObject Slot(string version) => new()
    {
        ["version"] = version,
        ["images"] = version == "" ? new JsonObject() : new JsonObject { ["web"] = V1Web, ["api"] = V1Api, ["worker"] = V1Api },
    };

    private static string Release(string active, JsonObject blue, JsonObject green) =>
        new JsonObject { ["activeSlot"] = active, ["slots"] = new JsonObject { ["blue"] = blue, ["green"] = green } }.ToJsonString();

    private IEnumerable<UpdateRecord> History()
    {
        var services = _harness.Engine.GetConfigAsync(CancellationToken.None).Result["infra:services"];
        UpdateRecord Update(int number, string release) => new(number, "update", DateTimeOffset.Parse("2026-11-0" + number + "T10:00:00Z"), "succeeded",
            new Dictionary<string, ConfigEntry> { ["infra:release"] = ConfigEntry.Plain(release), ["infra:services"] = services, ["infra:dbPassword"] = ConfigEntry.Secret() });
        return
        [
            Update(2, Release("blue", Slot("2026.11.20-1"), Slot("2026.11.01-1"))),
            Update(1, Release("green", Slot(""), Slot("2026.11.01-1"))),
        ];
    }
}
