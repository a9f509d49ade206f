using Infra.Release.Backups;

namespace Infra.Release.Hosting;

/// <summary>The local stack's "server" is this machine: commands run here, against the stack's engine (<c>DOCKER_HOST</c> when the stack names one).</summary>
public sealed class LocalShell(string? dockerHost = null) : IServerShell
{
    private readonly IReadOnlyDictionary<string, string>? _environment = dockerHost is null ? null : new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost };

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        Processes.RunAsync(command[0], command.Skip(1), cancel, environment: _environment);

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        Processes.RunAsync(command[0], command.Skip(1), cancel, input, _environment);

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel) =>
        Processes.AttachAsync(command[0], command.Skip(1), cancel, _environment);
}
