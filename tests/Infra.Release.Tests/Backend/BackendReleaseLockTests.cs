using Infra.Release.Backend;
using Infra.Release.Locking;

namespace Infra.Release.Tests.Backend;

public sealed class BackendReleaseLockTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("release-lock-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private BackendReleaseLock Lock(string holder) => new(new FileBackendStore(_root), "prod", holder, TimeProvider.System);

    [Fact]
    public async Task Only_one_holder_at_a_time_and_disposing_releases_it()
    {
        var first = await Lock("alice@laptop").AcquireAsync("deploy", CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ReleaseRefusal>(() => Lock("ci@runner").AcquireAsync("promote", CancellationToken.None));
        Assert.StartsWith("stack 'prod' is locked by alice@laptop for `deploy` since ", refusal.Message);

        await first.DisposeAsync();
        await using var second = await Lock("ci@runner").AcquireAsync("promote", CancellationToken.None);
        Assert.Equal("ci@runner", (await Lock("x").ReadAsync(CancellationToken.None))!.Holder);
    }

    [Fact]
    public async Task Break_removes_a_lock_left_behind()
    {
        _ = await Lock("gone@crashed").AcquireAsync("deploy", CancellationToken.None);

        await Lock("me").BreakAsync(CancellationToken.None);

        Assert.Null(await Lock("me").ReadAsync(CancellationToken.None));
    }

    [Fact]
    public void Backend_urls_name_their_kind()
    {
        Assert.Equal(new BackendUrl(BackendKind.S3, "acme-state", "fra1.digitaloceanspaces.com", "fra1"),
            BackendUrl.Parse("s3://acme-state?endpoint=fra1.digitaloceanspaces.com&region=fra1&s3ForcePathStyle=false"));
        Assert.Equal(new BackendUrl(BackendKind.File, "/repo/.pulumi-state", null, null), BackendUrl.Parse("file:///repo/.pulumi-state"));
        Assert.Equal(BackendKind.Cloud, BackendUrl.Parse(null).Kind);
    }
}
