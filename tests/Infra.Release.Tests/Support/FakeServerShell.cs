using Infra.Release.Backups;

namespace Infra.Release.Tests.Support;

/// <summary>Records the commands run on the "server" (with their standard input) and answers them by a rule.</summary>
public sealed class FakeServerShell(Func<IReadOnlyList<string>, ShellResult> answer) : IServerShell
{
    public List<string> Commands { get; } = [];

    /// <summary>The standard input each command that had one was given, by its place in <see cref="Commands"/>.</summary>
    public Dictionary<int, string> Inputs { get; } = [];

    /// <summary>The commands run attached to the user's terminal, and whether each asked for a terminal.</summary>
    public List<(string Command, bool Terminal)> Attached { get; } = [];

    /// <summary>The exit status an attached command ends with.</summary>
    public int AttachedExit { get; set; }

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel)
    {
        Commands.Add(string.Join(' ', command));
        return Task.FromResult(answer(command));
    }

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel)
    {
        Inputs[Commands.Count] = input;
        return RunAsync(command, cancel);
    }

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel)
    {
        Commands.Add(string.Join(' ', command));
        Attached.Add((string.Join(' ', command), terminal));
        return Task.FromResult(AttachedExit);
    }
}
