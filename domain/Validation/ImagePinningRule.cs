using Infra.Domain.Configuration;
using Infra.Domain.Images;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// Staging and prod run only images pinned by digest, so what runs can always be reproduced;
/// and a release's image must come from the repository its service names.
/// </summary>
public sealed class ImagePinningRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        foreach (var (slot, release) in settings.Release.Slots)
        {
            var services = settings.ServicesIn(slot).ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var (serviceName, image) in release.Images)
            {
                var key = ConfigKeys.Of(ConfigKeys.Release, $"slots.{slot}.images.{serviceName}");
                var reference = ImageReference.Parse(image);
                if (!ImageReference.IsValidRepository(reference.Repository))
                {
                    yield return new ConfigError(key, $"'{image}' is not an image reference Docker accepts (e.g. ghcr.io/acme/api@sha256:<digest>)");
                    continue;
                }

                if (!settings.IsCloud && !ImageReference.IsValid(image))
                {
                    yield return new ConfigError(key, $"'{image}' has a malformed tag or digest; use {reference.Repository}:<tag> or {reference.Repository}@sha256:<64 hex digits>");
                }

                if (settings.IsCloud && !reference.IsPinned)
                {
                    yield return new ConfigError(key, $"image '{image}' is not pinned by digest; use {reference.Repository}@sha256:<digest> (`docker buildx imagetools inspect` prints it)");
                }

                if (services.TryGetValue(serviceName, out var service) && service.Image != "" && reference.Repository != service.Image)
                {
                    yield return new ConfigError(key, $"image '{image}' is not from repository '{service.Image}' that service '{serviceName}' names");
                }
            }
        }

        if (!settings.IsCloud)
        {
            yield break;
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            if (!ImageReference.Parse(accessory.Image).IsPinned)
            {
                yield return new ConfigError(ConfigKeys.Accessory(i, "image"), $"accessory '{accessory.Name}' image '{accessory.Image}' is not pinned by digest; append @sha256:<digest>");
            }
        }
    }
}
