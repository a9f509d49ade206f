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
            $"PGPASSWORD=\"${{POSTGRES_PASSWORD:-}}\" pg_dump {PostgresConnection(database)} --clean --if-exists --no-owner {PostgresDatabase(database)}",
        AccessoryKind.Mysql =>
            $"MYSQL_PWD=\"${{MYSQL_ROOT_PASSWORD:-}}\" mysqldump {MySqlConnection(database)} {MySqlDumpOptions} {MySqlDatabases(database)}",
        AccessoryKind.Mariadb =>
            $"MYSQL_PWD=\"${{MARIADB_ROOT_PASSWORD:-}}\" mariadb-dump {MySqlConnection(database)} {MySqlDumpOptions} {MySqlDatabases(database)}",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only databases are dumped"),
    };

    /// <summary>
    /// PostgreSQL loads in one transaction and stops at the first error, so a failed restore leaves
    /// the database as it was. MySQL/MariaDB cannot roll back DDL; a failed load stops with an error.
    /// </summary>
    public static string Load(DatabaseBackup database) => database.Kind switch
    {
        AccessoryKind.Postgres => PostgresLoad(database, PostgresDatabase(database)),
        AccessoryKind.Mysql =>
            $"MYSQL_PWD=\"${{MYSQL_ROOT_PASSWORD:-}}\" mysql {MySqlConnection(database)}",
        AccessoryKind.Mariadb =>
            $"MYSQL_PWD=\"${{MARIADB_ROOT_PASSWORD:-}}\" mariadb {MySqlConnection(database)}",
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only databases are restored"),
    };

    /// <summary>
    /// PostgreSQL only: creates <paramref name="intoDatabase"/> and loads the dump into it, leaving the
    /// live database alone (for a restore drill that compares the copy with the original).
    /// </summary>
    public static string CreateAndLoadInto(DatabaseBackup database, string intoDatabase) =>
        database.Kind == AccessoryKind.Postgres
            ? $"PGPASSWORD=\"${{POSTGRES_PASSWORD:-}}\" createdb {PostgresConnection(database)} {ShellSafeName.Require(intoDatabase, "database")} && {PostgresLoad(database, ShellSafeName.Require(intoDatabase, "database"))}"
            : throw new ArgumentOutOfRangeException(nameof(database), database.Kind, "only PostgreSQL dumps can be loaded into another database");

    private static string PostgresLoad(DatabaseBackup database, string databaseName) =>
        $"PGPASSWORD=\"${{POSTGRES_PASSWORD:-}}\" psql {PostgresConnection(database)} --dbname={databaseName} --set=ON_ERROR_STOP=1 --single-transaction --quiet --output=/dev/null";

    private const string MySqlDumpOptions = "--single-transaction --routines --events --triggers";

    private static string PostgresConnection(DatabaseBackup database) =>
        $"--host=127.0.0.1 --port={Port(database)} --username={PostgresUser(database)} --no-password";

    // The postgres image names its superuser and first database after POSTGRES_USER, by default "postgres".
    private static string PostgresUser(DatabaseBackup database) => ShellSafeName.Require(database.User ?? "postgres", "user");

    private static string PostgresDatabase(DatabaseBackup database) =>
        ShellSafeName.Require(database.Database ?? database.User ?? "postgres", "database");

    private static string MySqlConnection(DatabaseBackup database) => $"--host=127.0.0.1 --port={Port(database)} --user=root";

    // --databases makes the dump create and select its database, so it loads into a fresh server too.
    private static string MySqlDatabases(DatabaseBackup database) =>
        database.Database is { } name ? $"--databases {ShellSafeName.Require(name, "database")}" : "--all-databases";

    private static string Port(DatabaseBackup database) => database.Port.ToString(CultureInfo.InvariantCulture);
}
