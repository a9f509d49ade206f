using System.Globalization;
using Infra.Domain.Settings;

namespace Infra.Domain.Backups;

/// <summary>
/// The shell commands that dump a database to stdout and load such a dump from stdin. They run
/// where the accessory's tools and password are (inside its container on the server), connect
/// over 127.0.0.1 and take the password from the variable the container was started with.
/// </summary>
public static class DatabaseCommands
{
    /// <summary>
    /// PostgreSQL: a plain, uncompressed dump (compression would defeat restic's deduplication);
    /// <c>--clean --if-exists</c> lets it replace an existing database as well as fill a fresh one.
    /// MySQL/MariaDB: <c>--single-transaction</c> is a consistent snapshot without locking InnoDB tables.
    /// </summary>
    public static string Dump(DatabaseBackup database) => database.Kind switch
    {
        AccessoryKind.Postgres =>
            $"PGPASSWORD={Password(database)} pg_dump {PostgresConnection(database)} --clean --if-exists --no-owner {PostgresDatabase(database)}",
        AccessoryKind.Mysql =>
            $"MYSQL_PWD={Password(database)} mysqldump {MySqlConnection(database)} {MySqlDumpOptions} {MySqlDatabases(database)}",
        AccessoryKind.Mariadb =>
            $"MYSQL_PWD={Password(database)} mariadb-dump {MySqlConnection(database)} {MySqlDumpOptions} {MySqlDatabases(database)}",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only databases are dumped"),
    };

    /// <summary>
    /// PostgreSQL only: a base backup of the whole server as one tar on stdout, with the WAL it needs to
    /// be consistent (<c>--wal-method=fetch</c>), labelled so its <c>.backup</c> history file in the
    /// archive can be told apart; <see cref="BaseLabelPlaceholder"/> stands for the label.
    /// </summary>
    public static string BaseBackup(DatabaseBackup database) =>
        database.Kind == AccessoryKind.Postgres
            ? $"PGPASSWORD={Password(database)} pg_basebackup {PostgresConnection(database)} --pgdata=- --format=tar --wal-method=fetch --checkpoint=fast --label={BaseLabelPlaceholder}"
            : throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only PostgreSQL takes base backups");

    public const string BaseLabelPlaceholder = "INFRA_BASE_LABEL";

    /// <summary>
    /// Reads a dump on stdin. PostgreSQL: the restore script wraps the dump in BEGIN and sends COMMIT only
    /// once the whole stream has arrived and checked out, so a cut stream or a failed statement changes
    /// nothing; the session is named <see cref="RestoreApplicationName"/> so a restore that dies can have
    /// its server session ended. MySQL/MariaDB cannot roll back DDL: the script loads only a dump it has
    /// staged and checked in full, and keeps the live data aside first.
    /// </summary>
    public static string Load(DatabaseBackup database) => database.Kind switch
    {
        AccessoryKind.Postgres => PostgresLoad(database, PostgresDatabase(database)),
        AccessoryKind.Mysql =>
            $"MYSQL_PWD={Password(database)} mysql {MySqlConnection(database)}",
        AccessoryKind.Mariadb =>
            $"MYSQL_PWD={Password(database)} mariadb {MySqlConnection(database)}",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only databases are restored"),
    };

    /// <summary>
    /// PostgreSQL only: loads the dump into <paramref name="intoDatabase"/> (which the restore script creates
    /// first), leaving the live database alone (for a restore drill that compares the copy with the original).
    /// </summary>
    public static string LoadInto(DatabaseBackup database, string intoDatabase) =>
        database.Kind == AccessoryKind.Postgres
            ? PostgresLoad(database, ShellSafeName.Require(intoDatabase, "database"))
            : throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only PostgreSQL dumps can be loaded into another database");

    /// <summary>
    /// Runs the SQL it reads on stdin as the superuser, outside the restored database (PostgreSQL: in the
    /// <c>postgres</c> database, where it can create, drop and end sessions of others).
    /// </summary>
    public static string Admin(DatabaseBackup database) => database.Kind switch
    {
        AccessoryKind.Postgres =>
            $"PGPASSWORD={Password(database)} psql {PostgresConnection(database)} --dbname={Containers.AccessoryKinds.PostgresMaintenanceDatabase} --set=ON_ERROR_STOP=1 --quiet --no-align --tuples-only",
        AccessoryKind.Mysql or AccessoryKind.Mariadb => Load(database) + " --batch --skip-column-names",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only databases are restored"),
    };

    /// <summary>The line a dump writes only once it is complete; a restore refuses a stream without it.</summary>
    public static string EndMarker(AccessoryKind kind) => kind switch
    {
        AccessoryKind.Postgres => "-- PostgreSQL database dump complete",
        AccessoryKind.Mysql or AccessoryKind.Mariadb => "-- Dump completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only databases are dumped"),
    };

    /// <summary>The application_name of a restore's PostgreSQL session, by which a failed restore ends it.</summary>
    public const string RestoreApplicationName = "infra-restore";

    /// <summary>The database a dump holds and a restore replaces; null for a MySQL/MariaDB dump of all of them.</summary>
    public static string? DatabaseName(DatabaseBackup database) => database.Kind == AccessoryKind.Postgres
        ? PostgresDatabase(database)
        : database.Database is { } name ? ShellSafeName.Require(name, "database") : null;

    private static string PostgresLoad(DatabaseBackup database, string databaseName) =>
        $"PGAPPNAME={RestoreApplicationName} PGPASSWORD={Password(database)} psql {PostgresConnection(database)} --dbname={databaseName} --set=ON_ERROR_STOP=1 --quiet --output=/dev/null";

    private const string MySqlDumpOptions = "--single-transaction --routines --events --triggers";

    private static string PostgresConnection(DatabaseBackup database) =>
        $"--host=127.0.0.1 --port={Port(database)} --username={PostgresSuperuser(database)} --no-password";

    /// <summary>The postgres image names its superuser and first database after POSTGRES_USER.</summary>
    public static string PostgresSuperuser(DatabaseBackup database) => ShellSafeName.Require(database.User ?? Containers.AccessoryKinds.PostgresDefaultUser, "user");

    private static string PostgresDatabase(DatabaseBackup database) =>
        ShellSafeName.Require(database.Database ?? database.User ?? Containers.AccessoryKinds.PostgresDefaultUser, "database");

    /// <summary>The superuser's password, from the variable the accessory's container was started with.</summary>
    private static string Password(DatabaseBackup database) =>
        $"\"${{{Containers.AccessoryKinds.Of(database.Kind).SuperuserPasswordVariable}:-}}\"";

    private static string MySqlConnection(DatabaseBackup database) => $"--host=127.0.0.1 --port={Port(database)} --user={Containers.AccessoryKinds.MySqlSuperuser}";

    // --databases makes the dump create and select its database, so it loads into a fresh server too.
    private static string MySqlDatabases(DatabaseBackup database) =>
        database.Database is { } name ? $"--databases {ShellSafeName.Require(name, "database")}" : "--all-databases";

    private static string Port(DatabaseBackup database) => database.Port.ToString(CultureInfo.InvariantCulture);
}
