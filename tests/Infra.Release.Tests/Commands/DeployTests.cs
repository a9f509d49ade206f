using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class DeployTests : IDisposable
{
    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Writes_the_release_into_the_idle_slot_runs_up_and_checks_it_through_the_preview_listener()
    {
        _harness.Healthy(_harness.Preview);
        var file = _harness.WriteFile("release.yaml", TestReleases.V2Yaml);

        var exit = await _harness.RunAsync("deploy", file, "--stack", "staging");

        Assert.Equal(0, exit);
        Assert.Equal(
        [
            "set secret infra:greenSlotSecrets",
            "set infra:release.slots.green.version = 2026.11.22-1",
            $"set infra:release.slots.green.images.api = {TestReleases.ApiV2}",
            $"set infra:release.slots.green.images.web = {TestReleases.WebV2}",
            $"set infra:release.slots.green.images.worker = {TestReleases.ApiV2}",
            "set infra:greenSlotServices (whole value)",
            "up",
        ], _harness.Engine.Calls);
        Assert.Equal("blue", (string?)_harness.Engine.Release["activeSlot"]);
        Assert.Contains(Harness.Probe("green", "web"), _harness.Preview.Requests);
        Assert.Contains(Harness.Probe("green", "api"), _harness.Preview.Requests);
        Assert.Empty(_harness.Live.Requests);
        Assert.Contains("release tasks ran in the update: api/migrate", _harness.Console.Lines);
        Assert.Contains("release 2026.11.22-1 is healthy in slot green (checked 2 service(s) through the preview listener)", _harness.Console.Lines);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_json_release_file_is_read_the_same_way()
    {
        _harness.Healthy(_harness.Preview);
        var file = _harness.WriteFile("release.json", $$"""
            { "version": "2026.11.22-1", "images": { "web": "{{TestReleases.WebV2}}", "api": "{{TestReleases.ApiV2}}", "worker": "{{TestReleases.ApiV2}}" } }
            """);

        Assert.Equal(0, await _harness.RunAsync("deploy", file, "--stack", "staging"));
        Assert.Equal("2026.11.22-1", (string?)_harness.Engine.Release["slots"]!["green"]!["version"]);
    }

    [Fact]
    public async Task An_invalid_release_file_is_refused_in_one_line_and_nothing_changes()
    {
        var file = _harness.WriteFile("release.yaml", """
            version: 2026.11.22-1
            images:
              web: ghcr.io/acme/web:latest
              api: ghcr.io/acme/api@sha256:3333333333333333333333333333333333333333333333333333333333333333
              mailer: ghcr.io/acme/mailer@sha256:3333333333333333333333333333333333333333333333333333333333333333
            """);

        var exit = await _harness.RunAsync("deploy", file, "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(
            $"release file '{file}' is invalid: images.web: image 'ghcr.io/acme/web:latest' is not pinned by digest; use ghcr.io/acme/web@sha256:<digest> (`docker buildx imagetools inspect` prints it); "
            + "images.mailer: the release in slot 'green' names 'mailer', which is not a service; "
            + "images: the release in slot 'green' has no image for service 'worker'; a release pins every service; nothing was changed",
            Assert.Single(_harness.Console.Errors));
        Assert.Empty(_harness.Engine.Calls);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_missing_release_file_is_refused()
    {
        Assert.Equal(1, await _harness.RunAsync("deploy", "/nonexistent/release.yaml", "--stack", "staging"));
        Assert.Equal(["release file '/nonexistent/release.yaml' does not exist"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task An_unknown_stack_is_refused_before_the_engine_is_touched()
    {
        var file = _harness.WriteFile("release.yaml", TestReleases.V2Yaml);

        Assert.Equal(1, await _harness.RunAsync("deploy", file, "--stack", "qa"));
        Assert.Equal(["unknown stack 'qa'; use one of local, staging, prod"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_held_lock_refuses_naming_its_holder_and_nothing_changes()
    {
        await using var held = await _harness.Lock.AcquireAsync("promote", CancellationToken.None);
        var file = _harness.WriteFile("release.yaml", TestReleases.V2Yaml);

        var exit = await _harness.RunAsync("deploy", file, "--stack", "staging");

        Assert.Equal(1, exit);
        var error = Assert.Single(_harness.Console.Errors);
        Assert.StartsWith("stack 'staging' is locked by tester@test for `promote` since ", error);
        Assert.EndsWith("; wait for it, or if that run is gone: release lock break --stack staging", error);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task When_another_update_holds_the_stack_the_slot_config_is_put_back_and_the_lock_released()
    {
        _harness.Engine.OnUp = _ => throw new StackBusyException("the stack is currently locked by 1 lock(s)");
        var file = _harness.WriteFile("release.yaml", TestReleases.V2Yaml);

        var exit = await _harness.RunAsync("deploy", file, "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(["another update is running on the stack (Pulumi's lock is held): the stack is currently locked by 1 lock(s)"], _harness.Console.Errors);
        Assert.Equal(
        [
            "set secret infra:greenSlotSecrets",
            "set infra:release.slots.green.version = 2026.11.22-1",
            $"set infra:release.slots.green.images.api = {TestReleases.ApiV2}",
            $"set infra:release.slots.green.images.web = {TestReleases.WebV2}",
            $"set infra:release.slots.green.images.worker = {TestReleases.ApiV2}",
            "set infra:greenSlotServices (whole value)",
            "up",
            "set infra:release.slots.green.version = ",
            "remove infra:release.slots.green.images.api",
            "remove infra:release.slots.green.images.web",
            "remove infra:release.slots.green.images.worker",
            "remove infra:greenSlotServices",
            "remove infra:greenSlotSecrets",
        ], _harness.Engine.Calls);
        Assert.Null(_harness.Engine.Plain("infra:greenSlotServices"));
        Assert.Equal("""{"version":"","images":{}}""", _harness.Engine.Release["slots"]!["green"]!.ToJsonString());
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task An_unhealthy_idle_slot_fails_the_deploy_and_leaves_traffic_where_it_was()
    {
        _harness.Preview.Answer(Harness.Probe("green", "web"), 200).Answer(Harness.Probe("green", "api"), 503);
        var file = _harness.WriteFile("release.yaml", TestReleases.V2Yaml);

        var exit = await _harness.RunAsync("deploy", file, "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(
            [$"release 2026.11.22-1 in slot green is not healthy: api http://127.0.0.1:{_harness.Preview.Port}{Harness.Probe("green", "api")} answered HTTP 503; traffic still goes to blue (2026.11.20-1)"],
            _harness.Console.Errors);
        Assert.Equal("blue", (string?)_harness.Engine.Release["activeSlot"]);
        Assert.False(File.Exists(_harness.LockFile));
    }
}
