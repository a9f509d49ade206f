using System.Text;
using System.Text.Json;
using Infra.Release.Backend;

namespace Infra.Release.Locking;

/// <summary>The release lock as one object in the state backend, created only if absent.</summary>
public sealed class BackendReleaseLock(IBackendStore store, string stack, string holder, TimeProvider clock) : IReleaseLock
{
    private string Key => $"infra-release/locks/{stack}.json";

    public async Task<IAsyncDisposable> AcquireAsync(string command, CancellationToken cancel)
    {
        var mine = new LockHolder(holder, command, clock.GetUtcNow());
        if (!await store.TryCreateAsync(Key, JsonSerializer.SerializeToUtf8Bytes(mine), cancel))
        {
            var current = await ReadAsync(cancel);
            throw new ReleaseRefusal(
                $"stack '{stack}' is locked by {current?.ToString() ?? "another run"}; wait for it, or if that run is gone: release lock break --stack {stack}");
        }

        return new Handle(() => store.DeleteAsync(Key, CancellationToken.None));
    }

    public async Task<LockHolder?> ReadAsync(CancellationToken cancel)
    {
        var bytes = await store.ReadAsync(Key, cancel);
        return bytes is null ? null : JsonSerializer.Deserialize<LockHolder>(Encoding.UTF8.GetString(bytes));
    }

    public Task BreakAsync(CancellationToken cancel) => store.DeleteAsync(Key, cancel);

    private sealed class Handle(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
