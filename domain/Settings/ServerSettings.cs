namespace Infra.Domain.Settings;

/// <summary>
/// Where the containers run. <c>local</c> is the machine's own Docker engine;
/// <c>digitalocean</c> is a droplet with a reserved IP, a firewall and a data volume.
/// </summary>
public sealed record ServerSettings
{
    public string Provider { get; init; } = ServerProviders.Local;
    public string? Region { get; init; }
    public string? Size { get; init; }
    public string? Image { get; init; }
    public IReadOnlyList<string> SshKeys { get; init; } = [];
    public IReadOnlyList<string> AdminCidrs { get; init; } = [];
    public int DataVolumeGb { get; init; } = 20;
    public bool DropletBackups { get; init; }

    /// <summary>Docker endpoint for the local provider; the engine's default socket when unset.</summary>
    public string? DockerHost { get; init; }

    /// <summary>The stack's folder on the host; <see cref="Servers.HostLayout"/> says its default and what is in it.</summary>
    public string? HostRoot { get; init; }

    public bool IsDigitalOcean => Provider == ServerProviders.DigitalOcean;
}

public static class ServerProviders
{
    public const string Local = "local";
    public const string DigitalOcean = "digitalocean";
}
