using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Release.Engine;

namespace Infra.Release.Plans;

/// <summary>The config writes each release step makes. Pure: tests compare them exactly.</summary>
public static class ReleasePlans
{
    private static readonly string Release = ConfigKeys.Full(ConfigKeys.Release);

    /// <summary>
    /// Puts a release into a slot: its version, one image per service in service order, and the
    /// services' settings it runs with (the secret values are written apart, as a secret).
    /// </summary>
    /// <param name="previous">What the slot held before, whose images of services the release no longer has are removed.</param>
    public static IReadOnlyList<ConfigWrite> IntoSlot(string slot, SlotRelease release, SlotRelease? previous) =>
    [
        new($"{Release}.slots.{slot}.version", release.Version),
        .. (previous?.Images.Keys ?? []).Where(service => !release.Images.ContainsKey(service)).Order(StringComparer.Ordinal)
            .Select(service => ConfigWrite.Remove($"{Release}.slots.{slot}.images.{service}")),
        .. release.Images.OrderBy(i => i.Key, StringComparer.Ordinal)
            .Select(image => new ConfigWrite($"{Release}.slots.{slot}.images.{image.Key}", image.Value)),
        PinnedServices(slot, release),
    ];

    private static ConfigWrite PinnedServices(string slot, SlotRelease? release) =>
        ConfigWrite.Whole(ConfigKeys.Full(ConfigKeys.SlotServices(slot)), release?.Services is { } services ? PinnedServicesJson.Write(services) : null);

    /// <summary>Puts a slot back as it was before <see cref="IntoSlot"/>: images the new release added are removed.</summary>
    public static IReadOnlyList<ConfigWrite> RestoreSlot(string slot, SlotRelease? previous, SlotRelease replaced)
    {
        var before = previous ?? new SlotRelease();
        return
        [
            new($"{Release}.slots.{slot}.version", before.Version),
            .. replaced.Images.Keys.Where(service => !before.Images.ContainsKey(service)).Order(StringComparer.Ordinal)
                .Select(service => ConfigWrite.Remove($"{Release}.slots.{slot}.images.{service}")),
            .. before.Images.OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(image => new ConfigWrite($"{Release}.slots.{slot}.images.{image.Key}", image.Value)),
            PinnedServices(slot, previous),
        ];
    }

    /// <summary>The config path of the slot taking traffic (full key, as `pulumi config set --path` takes it).</summary>
    public static readonly string ActiveSlotPath = $"{Release}.activeSlot";

    /// <summary>Makes a slot the one taking traffic.</summary>
    public static IReadOnlyList<ConfigWrite> Activate(string slot) => [new(ActiveSlotPath, slot)];
}
