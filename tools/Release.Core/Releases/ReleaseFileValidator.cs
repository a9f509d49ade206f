using Infra.Domain.Configuration;
using Infra.Domain.Validation;
using Infra.Release.Engine;
using Infra.Release.Plans;
using Infra.Release.Stacks;

namespace Infra.Release.Releases;

/// <summary>
/// A release fits its stack when the stack, with the release written into a slot, passes the
/// domain's rules (the same ones `pulumi up` applies). Problems of the release itself are named by
/// release-file key (images.web, version); anything else is the stack's.
/// </summary>
public static class ReleaseFileValidator
{
    /// <summary>The release file's problems, by release-file key, when written into <paramref name="slot"/> of <paramref name="config"/>.</summary>
    public static IReadOnlyList<string> Problems(Domain.Settings.SlotRelease release, EngineStackConfig config, string slot) =>
        Split(StackConfiguration.Load(After(release, config, slot)).Errors, slot).Release;

    /// <summary>Refuses, in one line, a release that does not fit; nothing has been written yet.</summary>
    public static void Require(string fileName, Domain.Settings.SlotRelease release, EngineStackConfig config, string slot)
    {
        var (releaseProblems, stackProblems) = Split(StackConfiguration.Load(After(release, config, slot)).Errors, slot);
        if (releaseProblems.Count > 0)
        {
            throw new ReleaseRefusal($"release file '{fileName}' is invalid: {string.Join("; ", releaseProblems)}; nothing was changed");
        }

        if (stackProblems.Count > 0)
        {
            throw new ReleaseRefusal($"release '{release.Version}' does not fit stack '{config.StackName}' ({string.Join("; ", stackProblems)}); nothing was changed");
        }
    }

    /// <summary>The stack's config as the deploy would leave it (the slot's secret values are set then, so count as present).</summary>
    public static EngineStackConfig After(Domain.Settings.SlotRelease release, EngineStackConfig config, string slot) =>
        config.With(ReleasePlans.IntoSlot(slot, release, previous: null)).WithHiddenSecret(ConfigKeys.SlotSecrets(slot));

    private static (IReadOnlyList<string> Release, IReadOnlyList<string> Stack) Split(IReadOnlyList<ConfigError> errors, string slot)
    {
        var prefix = ConfigKeys.Of(ConfigKeys.Release, $"slots.{slot}.");
        var release = errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => $"{e.Key[prefix.Length..]}: {e.Message}")
            .ToList();
        var stack = errors.Where(e => !e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.ToString()).ToList();
        return (release, stack);
    }
}
