using System.Text.Json.Nodes;
using Infra.Domain.Settings;

namespace Infra.Release.Releases;

/// <summary>Release settings written back as the infra:release config value.</summary>
public static class ReleaseJson
{
    public static string Write(ReleaseSettings release)
    {
        var slots = new JsonObject();
        foreach (var (slot, slotRelease) in release.Slots.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var images = new JsonObject();
            foreach (var (service, image) in slotRelease.Images.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                images[service] = image;
            }

            slots[slot] = new JsonObject { ["version"] = slotRelease.Version, ["images"] = images };
        }

        return new JsonObject { ["activeSlot"] = release.ActiveSlot, ["stopIdle"] = release.StopIdle, ["slots"] = slots }.ToJsonString();
    }

    public static ReleaseSettings WithSlot(ReleaseSettings release, string slot, SlotRelease slotRelease) => release with
    {
        Slots = new Dictionary<string, SlotRelease>(release.Slots, StringComparer.Ordinal) { [slot] = slotRelease },
    };
}
