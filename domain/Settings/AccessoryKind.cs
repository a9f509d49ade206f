namespace Infra.Domain.Settings;

public enum AccessoryKind
{
    Postgres,
    Mysql,
    Mariadb,
    Redis,
}
