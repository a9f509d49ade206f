using System.Globalization;
using Infra.Domain.Settings;

namespace Infra.Domain.Containers;

/// <summary>How each kind of database or cache is configured, started and asked whether it is ready.</summary>
/// <param name="PasswordVariables">Variables that receive the accessory's password secret; the superuser's first.</param>
/// <param name="HealthTest">Docker healthcheck test for (port, has password).</param>
/// <param name="Command">Container command for (port, has password); empty keeps the image's own.</param>
public sealed record AccessoryKindInfo(
    IReadOnlyList<string> PasswordVariables,
    string? DatabaseVariable,
    string? UserVariable,
    Func<int, bool, IReadOnlyList<string>> HealthTest,
    Func<int, bool, IReadOnlyList<string>> Command)
{
    /// <summary>The variable holding the password that backups and restores connect with.</summary>
    public string SuperuserPasswordVariable => PasswordVariables[0];
}

public static class AccessoryKinds
{
    /// <summary>The postgres image names its superuser and first database after POSTGRES_USER, by default this.</summary>
    public const string PostgresDefaultUser = "postgres";

    /// <summary>The database every PostgreSQL server has, whatever its user: where one creates and drops the others.</summary>
    public const string PostgresMaintenanceDatabase = "postgres";

    /// <summary>The MySQL and MariaDB images' superuser, whose password backups and restores connect with.</summary>
    public const string MySqlSuperuser = "root";

    private const string PostgresUserVariable = "POSTGRES_USER";
    private const string MySqlRootPasswordVariable = "MYSQL_ROOT_PASSWORD";
    private const string RedisPasswordVariable = "REDIS_PASSWORD";

    private static readonly AccessoryKindInfo Postgres = new(
        ["POSTGRES_PASSWORD"],
        "POSTGRES_DB",
        PostgresUserVariable,
        (port, _) => ["CMD-SHELL", $"pg_isready -h 127.0.0.1 -p {Text(port)} -U \"${{{PostgresUserVariable}:-{PostgresDefaultUser}}}\""],
        (port, _) => port == 5432 ? [] : ["postgres", "-p", Text(port)]);

    private static readonly AccessoryKindInfo MySql = new(
        [MySqlRootPasswordVariable, "MYSQL_PASSWORD"],
        "MYSQL_DATABASE",
        "MYSQL_USER",
        (port, _) => ["CMD-SHELL", $"mysqladmin ping -h 127.0.0.1 -P {Text(port)} -u{MySqlSuperuser} -p\"${MySqlRootPasswordVariable}\" --silent"],
        (port, _) => port == 3306 ? [] : ["--port=" + Text(port)]);

    private static readonly AccessoryKindInfo MariaDb = MySql with
    {
        PasswordVariables = ["MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD"],
        DatabaseVariable = "MARIADB_DATABASE",
        UserVariable = "MARIADB_USER",
        HealthTest = (_, _) => ["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"],
    };

    private static readonly AccessoryKindInfo Redis = new(
        [RedisPasswordVariable],
        null,
        null,
        (port, withPassword) =>
        [
            "CMD-SHELL",
            (withPassword ? $"REDISCLI_AUTH=\"${RedisPasswordVariable}\" " : "") + $"redis-cli -p {Text(port)} ping | grep -q PONG",
        ],
        (port, withPassword) =>
        [
            "sh", "-c",
            $"exec redis-server --port {Text(port)} --appendonly yes" + (withPassword ? $" --requirepass \"${RedisPasswordVariable}\"" : ""),
        ]);

    public static AccessoryKindInfo Of(AccessoryKind kind) => kind switch
    {
        AccessoryKind.Postgres => Postgres,
        AccessoryKind.Mysql => MySql,
        AccessoryKind.Mariadb => MariaDb,
        AccessoryKind.Redis => Redis,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
