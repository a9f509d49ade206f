using Infra.Release.Backups;

namespace Infra.Release.Tests.Support;

/// <summary>Records the commands run on the "server" and answers them by a rule.</summary>
public sealed class FakeServerShell(Func<IReadOnlyList<string>, ShellResult> answer) : IServerShell
{
    public List<string> Commands { get; } = [];

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel)
    {
        Commands.Add(string.Join(' ', command));
        return Task.FromResult(answer(command));
    }
}
