using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class LockCommandTests : IDisposable
{
    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Status_names_the_holder_and_break_removes_it()
    {
        _ = await _harness.Lock.AcquireAsync("deploy", CancellationToken.None);

        Assert.Equal(0, await _harness.RunAsync("lock", "status", "--stack", "staging"));
        Assert.StartsWith("stack 'staging' is locked by tester@test for `deploy` since ", _harness.Console.Lines.Single());

        Assert.Equal(0, await _harness.RunAsync("lock", "break", "--stack", "staging"));
        Assert.False(File.Exists(_harness.LockFile));
    }
}
