using Infra.Domain.Settings;
using Infra.Release.Engine;
using Infra.Release.Releases;

namespace Infra.Release.Rollback;

/// <summary>A release a rollback goes back past, and the release tasks (migrations) it ran when it was deployed.</summary>
public sealed record RolledPastRelease(string Version, IReadOnlyList<string> Tasks)
{
    public override string ToString() => $"{Version} ({string.Join(", ", Tasks)})";

    /// <summary>The active release, when switching back to the idle slot.</summary>
    public static IReadOnlyList<RolledPastRelease> ForSwitchBack(StackSettings settings)
    {
        var active = settings.Release.For(settings.Release.ActiveSlot);
        var tasks = TaskNames(settings.Services);
        return active is { IsEmpty: false } && tasks.Count > 0 ? [new RolledPastRelease(active.Version, tasks)] : [];
    }

    /// <summary>
    /// Every release deployed into either slot after the target update (and now), other than the target
    /// release: release tasks run when a release is deployed, promoted or not.
    /// </summary>
    public static IReadOnlyList<RolledPastRelease> Since(UpdateRecord target, string targetVersion, IReadOnlyList<UpdateRecord> history, StackSettings current)
    {
        var later = history.Where(u => u.Number > target.Number)
            .Select(u => (release: ReleaseConfig.Release(u.Config), services: ReleaseConfig.Services(u.Config)))
            .Append((release: (ReleaseSettings?)current.Release, services: current.Services))
            .Where(u => u.release is not null);
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (release, services) in later)
        {
            var tasks = TaskNames(services);
            foreach (var slotRelease in release!.Slots.Values.Where(r => !r.IsEmpty && r.Version != targetVersion))
            {
                if (tasks.Count > 0)
                {
                    found[slotRelease.Version] = tasks;
                }
            }
        }

        return found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new RolledPastRelease(f.Key, f.Value)).ToList();
    }

    private static IReadOnlyList<string> TaskNames(IEnumerable<ServiceSettings> services) =>
        services.SelectMany(s => s.ReleaseTasks.Select(t => $"{s.Name}/{t.Name}")).ToList();
}
