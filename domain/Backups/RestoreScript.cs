using Infra.Domain.Settings;

namespace Infra.Domain.Backups;

/// <summary>Renders the <c>infra-restore</c> script (Templates/restore.sh) for a stack's backup plan.</summary>
public static class RestoreScript
{
    /// <summary>Its file name, beside infra-backup.</summary>
    public const string Name = "infra-restore";

    /// <summary>How long a PostgreSQL restore waits for a lock an application holds (RESTORE_LOCK_TIMEOUT).</summary>
    public const string LockTimeout = "60s";

    /// <summary>The longest one statement of a PostgreSQL restore may run, e.g. the COPY of the largest table (RESTORE_STATEMENT_TIMEOUT).</summary>
    public const string StatementTimeout = "4h";

    /// <summary>How long a PostgreSQL restore's transaction may wait for more of the dump before the server ends it (RESTORE_STALL_TIMEOUT).</summary>
    public const string StallTimeout = "10min";

    /// <summary>How often the server checks that the restore's client is still there while it runs a statement or waits for a lock.</summary>
    public const string ConnectionCheckInterval = "2s";

    public static string Render(BackupPlan plan) => Template.Fill("Backups/restore.sh", new Dictionary<string, string>
    {
        ["stack"] = plan.StackName,
        ["lockTimeout"] = LockTimeout,
        ["common"] = BackupScript.Common(plan),
        ["maintenanceDatabase"] = Containers.AccessoryKinds.PostgresMaintenanceDatabase,
        ["statementTimeout"] = StatementTimeout,
        ["stallTimeout"] = StallTimeout,
        ["connectionCheckInterval"] = ConnectionCheckInterval,
        ["applicationName"] = DatabaseCommands.RestoreApplicationName,
        ["intoPlaceholder"] = IntoPlaceholder,
        ["restoreWalFolder"] = WalArchiving.RestoreWalFolder,
        ["rfc3339Pattern"] = WalArchiving.Rfc3339Pattern,
        ["badTime"] = WalArchiving.BadTime("$to"),
        ["pitrTimeoutSeconds"] = PointInTimeTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["databaseSettings"] = string.Join("\n", plan.Databases.Select(DatabaseSettings)),
        ["volumeCases"] = string.Join("\n", plan.Volumes.Select(v => $"    {v.Name}) return 0 ;;")),
        ["databaseNames"] = Names(plan.Databases.Select(d => d.Name)),
        ["volumeNames"] = Names(plan.Volumes.Select(v => v.Name)),
        ["recordHeader"] = RecordHeader,
        ["recordCases"] = string.Join(" | ", RecordNames(plan)),
        ["recordNames"] = Names(RecordNames(plan)),
        ["listTags"] = string.Join(" ", plan.Databases.Select(d => d.Tags).Concat(plan.Volumes.Select(v => v.Tags)).Select(t => $"--tag {t}")),
    });

    /// <summary>The read-only subcommand that prints the named records of the state folder, each after a <see cref="RecordHeader"/> line.</summary>
    public const string RecordsCommand = "records";

    /// <summary>Starts the line that names the record printed after it (a record's own lines are key=value).</summary>
    public const string RecordHeader = "==";

    /// <summary>The records <see cref="RecordsCommand"/> prints: the last backup's, and each WAL-archiving accessory's.</summary>
    public static IReadOnlyList<string> RecordNames(BackupPlan plan) =>
        [BackupHostLayout.StatusFileName, .. plan.Databases.Where(d => d.ArchivesWal).Select(d => WalArchiving.StatusFileName(d.Name))];

    /// <summary>How long a point-in-time recovery may replay WAL before it fails (PITR_TIMEOUT_SECONDS).</summary>
    public const int PointInTimeTimeoutSeconds = 3600;

    /// <summary>Stands for the target database in the rendered command; the script replaces it after checking the name.</summary>
    private const string IntoPlaceholder = "INFRA_INTO_DATABASE";

    // One case of database_settings: what the script needs to restore this accessory, each a quoted word.
    private static string DatabaseSettings(DatabaseBackup database)
    {
        var postgres = database.Kind == AccessoryKind.Postgres;
        return Template.Fill("Backups/restore-database.sh", new Dictionary<string, string>
        {
            ["name"] = database.Name,
            ["kind"] = postgres ? "postgres" : "mysql",
            ["marker"] = BackupScript.SingleQuotable(DatabaseCommands.EndMarker(database.Kind)),
            ["load"] = BackupScript.SingleQuotable(DatabaseCommands.Load(database)),
            ["loadInto"] = postgres ? BackupScript.SingleQuotable(DatabaseCommands.LoadInto(database, IntoPlaceholder)) : "",
            ["admin"] = BackupScript.SingleQuotable(DatabaseCommands.Admin(database)),
            ["dump"] = BackupScript.SingleQuotable(DatabaseCommands.Dump(database)),
            ["database"] = DatabaseCommands.DatabaseName(database) ?? "",
            ["superuser"] = postgres ? DatabaseCommands.PostgresSuperuser(database) : "",
            ["dataVolume"] = Hosting.ShortNames.AccessoryVolume(database.Name),
        }).TrimEnd('\n');
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
