using Infra.Domain.Settings;

namespace Infra.Release.Operations;

/// <summary>The --slot of the operators' commands: active (the default), idle, blue or green.</summary>
public static class SlotChoice
{
    public const string Active = "active";
    public const string Idle = "idle";

    public static readonly IReadOnlyList<string> All = [Active, Idle, Slots.Blue, Slots.Green];

    public static string Resolve(ReleaseSettings release, string? choice) => choice switch
    {
        null or Active => release.ActiveSlot,
        Idle => Slots.Other(release.ActiveSlot),
        _ when Slots.IsKnown(choice) => choice,
        _ => throw new ReleaseRefusal($"--slot '{choice}' is not a slot; use {string.Join(", ", All)}"),
    };
}
