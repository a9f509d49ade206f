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

/// <summary>
/// One release: a version label, every service's image pinned by digest and, once `release deploy`
/// put it there, the services' settings as they were deployed (config key
/// <see cref="Configuration.ConfigKeys.SlotServices"/>) with their secret values (secret config key
/// <see cref="Configuration.ConfigKeys.SlotSecrets"/>). A slot with those is immutable: editing
/// infra:services or a secret changes nothing in it.
/// </summary>
public sealed record SlotRelease
{
    public string Version { get; init; } = "";
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>The services as deployed into this slot; null for a slot written by hand, which follows infra:services.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ServiceSettings>? Services { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Images.Count == 0;

    /// <summary>Whether the slot carries its own settings (and secret values) rather than following the stack's.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPinned => Services is not null;
}

public static class Slots
{
    public const string Blue = "blue";
    public const string Green = "green";

    public static readonly IReadOnlyList<string> All = [Blue, Green];

    public static bool IsKnown(string slot) => slot is Blue or Green;

    public static string Other(string slot) => slot == Blue ? Green : Blue;
}
