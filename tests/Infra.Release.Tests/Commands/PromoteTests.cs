using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class PromoteTests : IDisposable
{
    private readonly Harness _harness = new();

    public PromoteTests() => TestReleases.DeployV2ToGreen(_harness.Engine);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Switches_to_the_idle_slot_and_watches_the_live_routes()
    {
        _harness.Healthy(_harness.Preview);

        var started = DateTimeOffset.UtcNow;
        var exit = await _harness.RunAsync("promote", "--stack", "staging");

        Assert.Equal(0, exit);
        Assert.True(DateTimeOffset.UtcNow - started >= Harness.FastTiming.Watch, "the live route is watched for the whole period");
        Assert.Equal(["set infra:release.activeSlot = green", "up"], _harness.Engine.Calls);
        Assert.Contains("switching stack 'staging' from blue (2026.11.20-1) to green (2026.11.22-1)", _harness.Console.Lines);
        Assert.Contains("green (2026.11.22-1) takes traffic and stayed healthy", _harness.Console.Lines);
        Assert.Contains(Harness.Probe("green", "api"), _harness.Preview.Requests);
        Assert.DoesNotContain(_harness.Preview.Requests, r => r.Contains("/blue/", StringComparison.Ordinal));
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_failing_live_route_switches_back_by_itself_and_says_so()
    {
        _harness.Healthy(_harness.Preview);
        _harness.Engine.OnUp = up =>
        {
            // The new slot's api breaks once it takes traffic; switching back heals the route.
            _harness.Preview.Answer(Harness.Probe("green", "api"), up == 1 ? 502 : 200);
        };

        var exit = await _harness.RunAsync("promote", "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(["set infra:release.activeSlot = green", "up", "set infra:release.activeSlot = blue", "up"], _harness.Engine.Calls);
        Assert.Equal(
        [
            $"promotion failed: api http://127.0.0.1:{_harness.Preview.Port}{Harness.Probe("green", "api")} answered HTTP 502; switching back to blue (2026.11.20-1)",
            "switched back: blue (2026.11.20-1) takes traffic again",
        ], _harness.Console.Errors);
        Assert.Equal("blue", (string?)_harness.Engine.Release["activeSlot"]);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_failed_switch_update_puts_the_previous_slot_back()
    {
        _harness.Engine.OnUp = up =>
        {
            if (up == 1)
            {
                throw new Engine.UpdateFailedException("container web-green is unhealthy");
            }
        };

        var exit = await _harness.RunAsync("promote", "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(["set infra:release.activeSlot = green", "up", "set infra:release.activeSlot = blue", "up"], _harness.Engine.Calls);
        Assert.Equal(
            ["the switch to green failed (container web-green is unhealthy); switching back to blue", "switched back: blue (2026.11.20-1) takes traffic again"],
            _harness.Console.Errors);
    }

    [Fact]
    public async Task An_empty_idle_slot_is_refused()
    {
        _harness.Engine.SetRelease(r => r["slots"]!["green"] = System.Text.Json.Nodes.JsonNode.Parse("""{"version":"","images":{}}"""));

        Assert.Equal(1, await _harness.RunAsync("promote", "--stack", "staging"));
        Assert.Equal(["slot green of stack 'staging' has no release to promote; deploy one first"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
        Assert.False(File.Exists(_harness.LockFile));
    }
}
