namespace Infra.Release.Backups;

public sealed record ShellResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs one command on the stack's server (over ssh for a droplet, on this machine for the local stack).</summary>
public interface IServerShell
{
    Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel);

    /// <summary>Runs a command with <paramref name="input"/> on its standard input (e.g. an env file: secrets never on a command line).</summary>
    Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel);

    /// <summary>
    /// Runs a command attached to the user's terminal: its output streams as it comes (logs --follow),
    /// its input is the user's (exec); <paramref name="terminal"/> asks for a terminal on the server. Returns its exit status.
    /// </summary>
    Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel);
}
