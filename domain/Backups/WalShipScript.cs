using System.Globalization;

namespace Infra.Domain.Backups;

/// <summary>Renders the <c>infra-wal-ship</c> script (Templates/wal-ship.sh) for a stack's backup plan.</summary>
public static class WalShipScript
{
    /// <summary>Its file name, beside infra-backup (which runs it after the base backups).</summary>
    public const string Name = "infra-wal-ship";

    public static string Render(BackupPlan plan)
    {
        var databases = plan.Databases.Where(d => d.ArchivesWal).ToList();
        if (databases.Count == 0)
        {
            throw new ArgumentException($"stack '{plan.StackName}' archives the WAL of no database", nameof(plan));
        }

        return Template.Fill("Backups/wal-ship.sh", new Dictionary<string, string>
        {
            ["stack"] = plan.StackName,
            ["databaseNames"] = string.Join(", ", databases.Select(d => d.Name)),
            ["shipEverySeconds"] = WalArchiving.ShipEverySeconds.ToString(CultureInfo.InvariantCulture),
            ["common"] = BackupScript.Common(plan),
            ["behindAfterSeconds"] = WalArchiving.BehindAfterSeconds.ToString(CultureInfo.InvariantCulture),
            ["walSettings"] = string.Join("\n", databases.Select(Settings)),
            ["walNames"] = string.Join(" ", databases.Select(d => d.Name)),
            ["statusFilePrefix"] = WalArchiving.StatusFilePrefix,
            ["proxyRecordName"] = Monitoring.BackupFreshness.WalRecordFileName,
            ["statusFileName"] = BackupHostLayout.StatusFileName,
        });
    }

    private static string Settings(DatabaseBackup database) => Template.Fill("Backups/wal-ship-database.sh", new Dictionary<string, string>
    {
        ["name"] = database.Name,
        ["admin"] = BackupScript.SingleQuotable(DatabaseCommands.Admin(database)),
        ["archiveVolume"] = WalArchiving.VolumeName(database.Name),
    }).TrimEnd('\n');
}
