using System.Globalization;
using Infra.Domain.Settings;
using Infra.Release.Engine;
using Infra.Release.Output;
using Infra.Release.Releases;

namespace Infra.Release.History;

/// <summary>Stack updates as a table: only the release fields of each update's config are shown, never any other value.</summary>
public static class HistoryTable
{
    private static readonly string[] Header = ["UPDATE", "STARTED (UTC)", "KIND", "RESULT", "ACTIVE", "BLUE", "GREEN"];

    public static string Render(IReadOnlyList<UpdateRecord> updates) =>
        updates.Count == 0 ? "no updates yet\n" : TextTable.Render(Header, updates.Select(Row));

    private static IReadOnlyList<string> Row(UpdateRecord update)
    {
        var release = ReleaseConfig.Release(update.Config);
        return
        [
            update.Number.ToString(CultureInfo.InvariantCulture),
            update.StartTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            update.Kind,
            update.Result,
            release?.ActiveSlot ?? "?",
            Version(release, Slots.Blue),
            Version(release, Slots.Green),
        ];
    }

    private static string Version(ReleaseSettings? release, string slot) =>
        release?.For(slot) is { IsEmpty: false } slotRelease ? slotRelease.Version : "-";
}
