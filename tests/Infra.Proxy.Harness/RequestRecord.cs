namespace Infra.Proxy.Harness;

/// <summary>
/// One request of the load client. Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps.
/// <paramref name="Slot"/> is the body the backend answered with (its own slot's name);
/// <paramref name="Error"/> says why no complete response came.
/// </summary>
public sealed record RequestRecord(int Connection, string Path, long SentAt, long AnsweredAt, int Status, string? Slot, string? Error)
{
    public bool Failed => Error is not null || Status != 200;

    public override string ToString() =>
        Failed ? $"connection {Connection} GET {Path}: {Error ?? $"status {Status}"}" : $"connection {Connection} GET {Path}: {Slot}";
}
