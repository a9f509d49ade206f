using Infra.Domain.Images;
using Infra.Domain.Settings;

namespace Infra.Release.Releases;

/// <summary>A release fits its stack: a version, exactly the stack's services, each image from its repository and pinned by digest.</summary>
public static class ReleaseFileValidator
{
    public static IReadOnlyList<string> Problems(SlotRelease release, StackSettings settings)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(release.Version))
        {
            problems.Add("version: is missing; give the release a label so history can find it");
        }

        var services = settings.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var missing in services.Keys.Where(name => !release.Images.ContainsKey(name)).Order(StringComparer.Ordinal))
        {
            problems.Add($"images.{missing}: is missing; a release pins every service of stack '{settings.StackName}'");
        }

        foreach (var (name, image) in release.Images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (!services.TryGetValue(name, out var service))
            {
                problems.Add($"images.{name}: '{name}' is not a service of stack '{settings.StackName}'");
                continue;
            }

            var reference = ImageReference.Parse(image);
            if (settings.IsCloud && !reference.IsPinned)
            {
                problems.Add($"images.{name}: '{image}' is not pinned by digest; use {reference.Repository}@sha256:<digest>");
            }

            if (service.Image != "" && reference.Repository != service.Image)
            {
                problems.Add($"images.{name}: '{image}' is not from repository '{service.Image}'");
            }
        }

        return problems;
    }

    public static void Require(string fileName, SlotRelease release, StackSettings settings)
    {
        var problems = Problems(release, settings);
        if (problems.Count > 0)
        {
            throw new ReleaseRefusal($"release file '{fileName}' is invalid: {string.Join("; ", problems)}; nothing was changed");
        }
    }
}
