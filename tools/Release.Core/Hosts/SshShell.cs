using Infra.Release.Backups;
using Infra.Release.Hosting;

namespace Infra.Release.Hosts;

/// <summary>
/// The droplet, as root over ssh (keys from the agent or the ssh configuration; the firewall admits SSH
/// from the admin networks only). A server ssh cannot reach is refused in one line before anything runs.
/// </summary>
/// <param name="configFile">An ssh configuration file instead of the user's (<c>ssh -F</c>); tests bring their own port, keys and known hosts this way.</param>
public sealed class SshShell(string address, string? configFile = null) : IServerShell
{
    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command, configFile: configFile), cancel));

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command, configFile: configFile), cancel, input));

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel) =>
        Processes.AttachAsync("ssh", SshCommandLine.Arguments(address, command, terminal, configFile), cancel);
}
