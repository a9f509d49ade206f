namespace Infra.Release.Locking;

/// <summary>Who holds a stack's release lock, for what, since when.</summary>
public sealed record LockHolder(string Holder, string Command, DateTimeOffset Since)
{
    public override string ToString() => $"{Holder} for `{Command}` since {Since:yyyy-MM-dd HH:mm:ss}Z";
}

/// <summary>
/// One release command at a time per stack, across machines, for the whole command (a deploy is several
/// Pulumi updates; Pulumi's own lock covers only one).
/// </summary>
public interface IReleaseLock
{
    /// <summary>Takes the lock or refuses, naming its holder; disposing the handle releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string command, CancellationToken cancel);

    Task<LockHolder?> ReadAsync(CancellationToken cancel);

    /// <summary>Removes a lock left behind by a run that died.</summary>
    Task BreakAsync(CancellationToken cancel);
}
