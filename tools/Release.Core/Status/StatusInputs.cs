using Infra.Domain.Releases;
using Infra.Domain.Settings;
using Infra.Release.Hosts;

namespace Infra.Release.Status;

/// <summary>Everything `release status` reads, gathered before the status is built from it.</summary>
/// <param name="Containers">The stack's containers the engine knows, by name.</param>
/// <param name="Probes">Health-path status per probe alias (e.g. api-blue), asked now; missing when it was not asked.</param>
/// <param name="ProxyServers">The proxy's servers, or null when <paramref name="ProxyError"/> says why they could not be read.</param>
public sealed record StatusInputs(
    StackSettings Settings,
    IReadOnlyDictionary<string, ContainerFacts> Containers,
    IReadOnlyDictionary<string, int> Probes,
    IReadOnlyList<ProxyServer>? ProxyServers,
    string? ProxyError,
    BackupReading Backup,
    PendingChanges Pending,
    DateTimeOffset Now)
{
    /// <summary>infra-wal-ship's record for each PostgreSQL accessory whose WAL is archived, as read from the host.</summary>
    public IReadOnlyList<WalArchivingReading> WalArchiving { get; init; } = [];
}
