using Infra.Release.Backups;
using Infra.Release.Hosting;
using Infra.Release.Hosts;

namespace Infra.Release.Tool;

/// <summary>The droplet, as root over ssh (keys from the agent; the firewall admits SSH from the admin networks only).</summary>
internal sealed class SshServerShell(string address) : IServerShell
{
    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command), cancel));

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command), cancel, input));

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel) =>
        Processes.AttachAsync("ssh", SshCommandLine.Arguments(address, command, terminal), cancel);
}
