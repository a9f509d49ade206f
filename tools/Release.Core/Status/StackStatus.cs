namespace Infra.Release.Status;

/// <summary>What `release status` shows: the stack as it runs now, compared with its configuration.</summary>
/// <param name="ProxySlot">The slot the proxy sends every route to, read from the proxy; null when it could not be read or the routes disagree.</param>
/// <param name="Problems">Everything unhealthy, one line each; empty when the stack is healthy.</param>
public sealed record StackStatus(
    string Stack,
    string ConfiguredSlot,
    string? ProxySlot,
    IReadOnlyList<SlotStatus> Slots,
    IReadOnlyList<RouteStatus> Routes,
    IReadOnlyList<AccessoryStatus> Accessories,
    BackupStatus Backup,
    IReadOnlyList<string> Pending,
    IReadOnlyList<string> Problems)
{
    public bool Healthy => Problems.Count == 0;

    /// <summary>WAL archiving per PostgreSQL accessory whose WAL is archived (its problems are in <see cref="Problems"/>).</summary>
    public IReadOnlyList<WalArchivingStatus> WalArchiving { get; init; } = [];
}

/// <summary>One service in one slot.</summary>
/// <param name="Health">The health path's answer, asked now from outside the container; Docker's health for a healthCommand; "-" when the service has no check.</param>
public sealed record SlotStatus(
    string Service,
    string Slot,
    bool Active,
    string Version,
    string Container,
    string? Digest,
    string State,
    string Health,
    DateTimeOffset? StartedAt,
    string? Problem);

/// <summary>A routed service: the slot its route takes traffic from, read from the proxy, against the stack's active slot.</summary>
public sealed record RouteStatus(string Service, string? ProxySlot, string ConfiguredSlot, string? Problem);

public sealed record AccessoryStatus(string Name, string Kind, string Container, string State, string Health, DateTimeOffset? StartedAt, string? Problem);

/// <param name="Result">ok, failed, interrupted, running; "never ran" without a record; "not configured" without infra:backup.</param>
/// <param name="NextDue">When the schedule wanted the next run after the last one; null without a record, or when the schedule never fires again.</param>
public sealed record BackupStatus(
    string Result,
    DateTimeOffset? Time,
    TimeSpan? Age,
    string? Message,
    DateTimeOffset? NextDue,
    bool Missed,
    string? Problem)
{
    /// <summary>What the last run saved, when its record says.</summary>
    public BackupSize? Size { get; init; }
}
