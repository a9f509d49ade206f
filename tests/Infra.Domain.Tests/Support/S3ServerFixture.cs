namespace Infra.Domain.Tests.Support;

/// <summary>
/// One s3rver for a test class, started by the first test that asks for it (after that test has
/// checked its programs) and stopped after the last. Each test uses its own repository in the bucket.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private readonly Lazy<Task<S3Server>> _server = new(S3Server.Start);

    public Task<S3Server> Server() => _server.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
