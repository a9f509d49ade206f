namespace Infra.Release.Engine;

/// <summary>One stack update from history: its number, when, how it ended and the config it used.</summary>
public sealed record UpdateRecord(
    int Number,
    string Kind,
    DateTimeOffset StartTime,
    string Result,
    IReadOnlyDictionary<string, ConfigEntry> Config);
