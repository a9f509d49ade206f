using System.Globalization;
using Infra.Domain.Settings;
using Infra.Release.Engine;
using Infra.Release.Releases;

namespace Infra.Release.Rollback;

/// <summary>The release recorded in one past update: the one its active slot ran.</summary>
public sealed record RollbackTarget(UpdateRecord Update, SlotRelease Release)
{
    /// <param name="to">An update number, or a release version (its newest successful update wins).</param>
    public static RollbackTarget Find(string stack, string to, IReadOnlyList<UpdateRecord> history)
    {
        UpdateRecord? update;
        if (int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && history.Any(u => u.Number == number))
        {
            update = history.Single(u => u.Number == number);
        }
        else
        {
            update = history
                .Where(u => u.Result == "succeeded" && ActiveRelease(u)?.Version == to)
                .MaxBy(u => u.Number);
        }

        if (update is null)
        {
            throw new ReleaseRefusal($"'{to}' is neither an update number nor a release version in the history of stack '{stack}'; see: release history --stack {stack}");
        }

        var release = ActiveRelease(update)
            ?? throw new ReleaseRefusal($"update {update.Number} of stack '{stack}' recorded no active release to roll back to");
        return new RollbackTarget(update, release);
    }

    /// <summary>The release the update's active slot ran, with the service settings it was deployed with when the slot had them pinned.</summary>
    private static SlotRelease? ActiveRelease(UpdateRecord update) =>
        ReleaseConfig.Release(update.Config) is { } release && release.For(release.ActiveSlot) is { IsEmpty: false } active
            ? active with { Services = ReleaseConfig.SlotServices(update.Config, release.ActiveSlot) }
            : null;
}
