namespace Infra.Release.Backups;

public sealed record ShellResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs one command on the stack's server (over ssh for a droplet, on this machine for the local stack).</summary>
public interface IServerShell
{
    Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel);
}
