using Infra.Domain.Backups;
using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;

namespace Infra.Release.Backups;

/// <summary>
/// The host commands for backups, built as data: the scripts the stack installs (where
/// <see cref="BackupHostLayout"/> puts them), called with the arguments they take.
/// </summary>
public static class BackupCommands
{
    public static IReadOnlyList<string> List(BackupHostLayout layout) => layout.Invoke(layout.RestoreScript, "list", "--json");

    public static IReadOnlyList<string> Run(BackupHostLayout layout) => layout.Invoke(layout.BackupScript);

    public static IReadOnlyList<string> Restore(BackupHostLayout layout, string snapshot, RestoreTarget target, string? intoDatabase = null) =>
        layout.Invoke(
            layout.RestoreScript,
            [target.IsVolume ? "volume" : "database", target.Name, snapshot, .. intoDatabase is null ? Array.Empty<string>() : [intoDatabase]]);

    /// <summary>Point-in-time recovery of a PostgreSQL accessory: into a new database when given, else in place.</summary>
    public static IReadOnlyList<string> RestoreToTime(BackupHostLayout layout, string accessory, RecoveryTime time, string? intoDatabase) =>
        layout.Invoke(layout.RestoreScript, "database", accessory, "--to", time.Text, intoDatabase ?? "--in-place");

    /// <summary>Exact row counts per table, one "schema.table=count" line each, read inside the PostgreSQL container.</summary>
    public static IReadOnlyList<string> PostgresRowCounts(DockerNames names, AccessorySettings accessory, string database) =>
    [
        "docker", "exec", names.Container(accessory.Name),
        "psql", "-U", accessory.User ?? AccessoryKinds.PostgresDefaultUser, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", RowCountsSql,
    ];

    public static IReadOnlyList<string> DropPostgresDatabase(DockerNames names, AccessorySettings accessory, string database) =>
    [
        "docker", "exec", names.Container(accessory.Name),
        "psql", "-U", accessory.User ?? AccessoryKinds.PostgresDefaultUser, "-d", AccessoryKinds.PostgresMaintenanceDatabase, "-v", "ON_ERROR_STOP=1", "-c", $"DROP DATABASE IF EXISTS \"{database}\"",
    ];

    // query_to_xml runs a count(*) per table inside one statement, so the counts are exact, not planner estimates.
    public const string RowCountsSql =
        "SELECT table_schema || '.' || table_name || '=' || "
        + "(xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text "
        + "FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        + "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";
}

/// <summary>What a restore writes back: an accessory's database or a service volume.</summary>
public sealed record RestoreTarget(string Name, bool IsVolume)
{
    public override string ToString() => IsVolume ? $"volume '{Name}'" : $"accessory '{Name}'";

    /// <summary>The accessory or volume of that name, if the stack backs it up.</summary>
    /// <summary>A backed-up PostgreSQL accessory, whose WAL is archived for point-in-time recovery.</summary>
    public static RestoreTarget FindPointInTime(StackSettings settings, string? accessory) =>
        accessory is not null && settings.Accessories.Any(a => a.Name == accessory && WalArchiving.Applies(a))
            ? new RestoreTarget(accessory, IsVolume: false)
            : throw new ReleaseRefusal(accessory is null
                ? "--to restores an accessory to a point in time: name it with --accessory"
                : $"stack '{settings.StackName}' has no backed-up PostgreSQL accessory '{accessory}'; only those restore to a point in time (--to)");

    public static RestoreTarget Find(StackSettings settings, string? accessory, string? volume)
    {
        if ((accessory is null) == (volume is null))
        {
            throw new ReleaseRefusal("name exactly one of --accessory or --volume to restore");
        }

        if (accessory is not null)
        {
            return settings.Accessories.Any(a => a.Name == accessory && a.Backup)
                ? new RestoreTarget(accessory, IsVolume: false)
                : throw new ReleaseRefusal($"stack '{settings.StackName}' has no backed-up accessory '{accessory}'");
        }

        var volumes = settings.Services.SelectMany(s => s.Volumes.Where(v => v.Backup).Select(v => Infra.Domain.Hosting.ShortNames.ServiceVolume(s.Name, v.Name)));
        return volumes.Contains(volume, StringComparer.Ordinal)
            ? new RestoreTarget(volume!, IsVolume: true)
            : throw new ReleaseRefusal($"stack '{settings.StackName}' has no backed-up volume '{volume}' (volumes are named <service>-<volume>)");
    }
}
