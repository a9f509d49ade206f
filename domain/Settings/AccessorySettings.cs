namespace Infra.Domain.Settings;

/// <summary>A database or cache beside the services, on the private network only.</summary>
public sealed record AccessorySettings
{
    public string Name { get; init; } = "";
    public AccessoryKind Kind { get; init; }
    public string Image { get; init; } = "";
    public int Port { get; init; }

    /// <summary>Optional port on the host; only loopback binds are allowed.</summary>
    public int? HostPort { get; init; }
    public string HostBind { get; init; } = "127.0.0.1";
    public bool Public { get; init; }

    /// <summary>Config key of the Pulumi secret holding its password.</summary>
    public string? PasswordSecret { get; init; }

    public string? Database { get; init; }
    public string? User { get; init; }
    public int MemoryMb { get; init; } = 512;

    /// <summary>Whether the nightly backup dumps this accessory.</summary>
    public bool Backup { get; init; }

    public string DataPath => Kind switch
    {
        AccessoryKind.Postgres => "/var/lib/postgresql/data",
        AccessoryKind.Mysql or AccessoryKind.Mariadb => "/var/lib/mysql",
        AccessoryKind.Redis => "/data",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
