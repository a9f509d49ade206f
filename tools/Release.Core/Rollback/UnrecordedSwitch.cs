using Infra.Release.Plans;

namespace Infra.Release.Rollback;

/// <summary>
/// Traffic moved on the host, but the stack's update that records it did not happen: what runs, what
/// the state says, and the one command that makes them agree.
/// </summary>
/// <param name="Running">The slot taking traffic, described (e.g. "blue (2026.11.20-1)").</param>
/// <param name="StateSlot">The slot the stack's last update made active.</param>
/// <param name="ConfigWritten">Whether the stack's configuration already names <paramref name="RunningSlot"/>.</param>
public sealed record UnrecordedSwitch(string Stack, string RunningSlot, string Running, string StateSlot, bool ConfigWritten, string Reason)
{
    public IReadOnlyList<string> Lines() =>
    [
        $"rollback --now: traffic moved, but recording it as a stack update failed: {Reason}",
        $"  runs:  slot {RunningSlot} takes traffic: {Running} (switched on the host)",
        ConfigWritten
            ? $"  state: slot {StateSlot} is active in the stack's last update (its configuration already names {RunningSlot})"
            : $"  state: slot {StateSlot} is active in the stack's configuration and last update",
        $"  until they agree, `release deploy` deploys into slot {RunningSlot}, which takes traffic, and `release promote` switches to it",
        $"  reconcile (records slot {RunningSlot}; its switch step finds traffic already there): {ReconcileCommand}",
    ];

    public string ReconcileCommand =>
        $"pulumi config set --path {ReleasePlans.ActiveSlotPath} {RunningSlot} --stack {Stack} && pulumi up --stack {Stack}";
}
