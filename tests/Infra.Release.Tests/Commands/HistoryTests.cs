using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class HistoryTests : IDisposable
{
    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Lists_updates_with_the_active_slot_and_each_slots_release_and_no_other_config()
    {
        var release = """{"activeSlot":"green","slots":{"blue":{"version":"2026.11.20-1","images":{"web":"x"}},"green":{"version":"2026.11.22-1","images":{"web":"y"}}}}""";
        _harness.Engine.History.AddRange(
        [
            new UpdateRecord(2, "update", DateTimeOffset.Parse("2026-11-22T09:15:00Z"), "failed", new Dictionary<string, ConfigEntry>
            {
                ["infra:release"] = ConfigEntry.Plain(release),
                ["infra:dbPassword"] = ConfigEntry.Secret(),
                ["infra:backup"] = ConfigEntry.Plain("""{"bucket":"acme-staging-backups"}"""),
            }),
            new UpdateRecord(1, "update", DateTimeOffset.Parse("2026-11-20T08:00:00Z"), "succeeded", new Dictionary<string, ConfigEntry>
            {
                ["infra:release"] = ConfigEntry.Plain("""{"activeSlot":"blue","slots":{"blue":{"version":"2026.11.20-1","images":{"web":"x"}},"green":{"version":"","images":{}}}}"""),
            }),
        ]);

        Assert.Equal(0, await _harness.RunAsync("history", "--stack", "staging"));
        Assert.Equal(
        [
            "UPDATE  STARTED (UTC)     KIND    RESULT     ACTIVE  BLUE          GREEN",
            "2       2026-11-22 09:15  update  failed     green   2026.11.20-1  2026.11.22-1",
            "1       2026-11-20 08:00  update  succeeded  blue    2026.11.20-1  -",
        ], _harness.Console.Lines);
        Assert.DoesNotContain(_harness.Console.Lines, l => l.Contains("secret", StringComparison.Ordinal) || l.Contains("acme-staging-backups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_release_config_marked_secret_is_not_shown()
    {
        _harness.Engine.History.Add(new UpdateRecord(1, "update", DateTimeOffset.Parse("2026-11-20T08:00:00Z"), "succeeded",
            new Dictionary<string, ConfigEntry> { ["infra:release"] = ConfigEntry.Secret() }));

        Assert.Equal(0, await _harness.RunAsync("history", "--stack", "staging"));
        Assert.Equal("1       2026-11-20 08:00  update  succeeded  ?       -     -", _harness.Console.Lines[1]);
    }
}
