using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>The active slot is blue or green and has a release; every release covers exactly the services.</summary>
public sealed partial class ReleaseRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var release = settings.Release;
        var activeKey = ConfigKeys.Of(ConfigKeys.Release, "activeSlot");
        if (!Slots.IsKnown(release.ActiveSlot))
        {
            yield return new ConfigError(activeKey, $"'{release.ActiveSlot}' is not a slot; use blue or green");
        }
        else if (release.For(release.ActiveSlot) is not { IsEmpty: false })
        {
            yield return new ConfigError(
                ConfigKeys.Of(ConfigKeys.Release, $"slots.{release.ActiveSlot}"),
                $"the active slot '{release.ActiveSlot}' has no release; deploy one into it before it can take traffic");
        }

        foreach (var (slot, slotRelease) in release.Slots)
        {
            var slotKey = ConfigKeys.Of(ConfigKeys.Release, $"slots.{slot}");
            if (!Slots.IsKnown(slot))
            {
                yield return new ConfigError(slotKey, $"'{slot}' is not a slot; the slots are blue and green");
                continue;
            }

            if (slotRelease.IsEmpty)
            {
                if (slotRelease.IsPinned)
                {
                    yield return new ConfigError(ConfigKeys.Full(ConfigKeys.SlotServices(slot)), $"slot '{slot}' holds no release but pins services; remove them (`release deploy` writes both)");
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(slotRelease.Version))
            {
                yield return new ConfigError(slotKey + ".version", $"the release in slot '{slot}' has no version label; give it one so it can be found in history");
            }
            else if (!VersionLabel().IsMatch(slotRelease.Version))
            {
                yield return new ConfigError(slotKey + ".version", $"'{slotRelease.Version}' is not a version label; use letters, digits and . _ + -, starting with a letter or digit, at most 128 characters");
            }

            var serviceNames = settings.ServicesIn(slot).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

            foreach (var unknown in slotRelease.Images.Keys.Where(name => !serviceNames.Contains(name)).Order(StringComparer.Ordinal))
            {
                yield return new ConfigError($"{slotKey}.images.{unknown}", $"the release in slot '{slot}' names '{unknown}', which is not a service");
            }

            foreach (var missing in serviceNames.Where(name => !slotRelease.Images.ContainsKey(name)).Order(StringComparer.Ordinal))
            {
                yield return new ConfigError($"{slotKey}.images", $"the release in slot '{slot}' has no image for service '{missing}'; a release pins every service");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")]
    private static partial Regex VersionLabel();
}
