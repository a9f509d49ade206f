namespace Infra.Domain.Settings;

/// <summary>Which slot takes traffic and what each slot runs. Releases are data, never code.</summary>
public sealed record ReleaseSettings
{
    public string ActiveSlot { get; init; } = "";

    /// <summary>Stop the idle slot's containers; switching back then needs them started again.</summary>
    public bool StopIdle { get; init; }

    public IReadOnlyDictionary<string, SlotRelease> Slots { get; init; } = new Dictionary<string, SlotRelease>();

    public SlotRelease? For(string slot) => Slots.TryGetValue(slot, out var release) ? release : null;
}

/// <summary>One release: a version label and every service's image pinned by digest.</summary>
public sealed record SlotRelease
{
    public string Version { get; init; } = "";
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    public bool IsEmpty => Images.Count == 0;
}

public static class Slots
{
    public const string Blue = "blue";
    public const string Green = "green";

    public static readonly IReadOnlyList<string> All = [Blue, Green];

    public static bool IsKnown(string slot) => slot is Blue or Green;

    public static string Other(string slot) => slot == Blue ? Green : Blue;
}
