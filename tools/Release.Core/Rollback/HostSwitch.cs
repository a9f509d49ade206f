using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Release.Backups;

namespace Infra.Release.Rollback;

/// <summary>What the switch script's run on the host left behind.</summary>
public enum SwitchOutcome
{
    /// <summary>Exit 0: the slot takes traffic and the proxy's haproxy.cfg names it.</summary>
    Switched,

    /// <summary>Exit 2 (not healthy), 5 (configuration not written) or 6 (not persisted, flip undone): traffic stayed where it was.</summary>
    NothingChanged,

    /// <summary>Any other exit (runtime API refused or unreachable, not observed, SSH or Docker failed): what takes traffic is not known.</summary>
    Unknown,
}

/// <summary>
/// The stack's installed switch script (<see cref="SwitchScript"/>, Templates/switch.sh) run straight on
/// the host, as the stack's own switch step runs it: in a helper container beside the proxy
/// (<see cref="SwitchScript.HostRun"/>), through the server's shell (SSH on a droplet, this machine
/// for the local engine). It needs only the stack's settings, so it runs before the stack is loaded.
/// The script is health-gated: it refuses a slot that does not answer healthy and changes nothing.
/// </summary>
public sealed record HostSwitch(StackSettings Settings, string Slot, string HelperImage = HelperImage.Reference)
{
    /// <summary>Exit statuses of switch.sh after which traffic is where it was.</summary>
    private static readonly int[] NothingChangedStatuses = [2, 5, 6];

    public IReadOnlyList<string> Command => ["bash", "-c", SwitchScript.HostRun(Settings, Slot, HelperImage)];

    public async Task<(SwitchOutcome Outcome, ShellResult Result)> RunAsync(IServerShell host, CancellationToken cancel)
    {
        var result = await host.RunAsync(Command, cancel);
        var outcome = result.ExitCode == 0 ? SwitchOutcome.Switched
            : NothingChangedStatuses.Contains(result.ExitCode) ? SwitchOutcome.NothingChanged
            : SwitchOutcome.Unknown;
        return (outcome, result);
    }
}
