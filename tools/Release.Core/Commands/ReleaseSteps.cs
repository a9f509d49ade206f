using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Infra.Release.Engine;
using Infra.Release.Health;
using Infra.Release.Plans;
using Infra.Release.Releases;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>
/// The release steps the commands are made of, each run under a lock the caller holds: put a release
/// into the idle slot and prove it healthy; switch traffic and watch it, switching back on failure.
/// </summary>
public sealed class ReleaseSteps(ReleaseServices services)
{
    private Output.IReleaseConsole Console => services.Console;

    /// <summary>
    /// Writes the release into the idle slot with the stack's current service settings and secret
    /// values (unless the release brings its own settings, as one from history does), runs the
    /// update, then checks the slot through the preview listener.
    /// </summary>
    /// <returns>The stack as it is afterwards, or null when the new slot did not become healthy.</returns>
    public async Task<StackContext?> DeployIntoIdleAsync(StackContext stack, SlotRelease release, string source, CancellationToken cancel)
    {
        var idle = stack.IdleSlot;
        var pinned = release with { Services = release.Services ?? stack.Settings.Services };
        ReleaseFileValidator.Require(source, pinned, stack.Config, idle);
        var writes = ReleasePlans.IntoSlot(idle, pinned, stack.Release.For(idle));

        Console.Out($"deploying release {release.Version} into idle slot {idle} of stack '{stack.Name}' ({Describe(stack, stack.ActiveSlot)} takes traffic)");
        foreach (var write in writes)
        {
            Console.Out($"  config {write}");
        }

        var previousSecrets = await SlotSecrets.PinAsync(stack.Engine, idle, pinned.Services!, cancel);
        Console.Out($"  config {ConfigKeys.Full(ConfigKeys.SlotSecrets(idle))} = the stack's current values of {string.Join(", ", PinnedSlotRule.SecretKeys(pinned.Services!).DefaultIfEmpty("no secrets"))} (secret)");
        await stack.Engine.SetConfigAsync(writes, cancel);
        try
        {
            await services.UpAsync(stack.Engine, cancel);
        }
        catch (StackBusyException)
        {
            await stack.Engine.SetConfigAsync(ReleasePlans.RestoreSlot(idle, stack.Release.For(idle), release), cancel);
            await SlotSecrets.RestoreAsync(stack.Engine, idle, previousSecrets, cancel);
            throw;
        }

        var tasks = pinned.Services!.SelectMany(s => s.ReleaseTasks.Select(t => $"{s.Name}/{t.Name}")).ToList();
        if (tasks.Count > 0)
        {
            Console.Out($"release tasks ran in the update: {string.Join(", ", tasks)}");
        }

        var deployed = await services.LoadAsync(stack.Engine, cancel);
        if (deployed.Release.StopIdle)
        {
            Console.Out($"slot {idle} is stopped while idle (stopIdle); promote starts it and the switch waits for its health");
            return deployed;
        }

        var targets = HealthTarget.Probes(deployed.Settings, await deployed.PublicAddressAsync(cancel), idle);
        var failure = await services.Health().WaitUntilHealthyAsync(targets, cancel);
        if (failure is not null)
        {
            Console.Error($"release {release.Version} in slot {idle} is not healthy: {failure}; traffic still goes to {Describe(deployed, deployed.ActiveSlot)}");
            return null;
        }

        Console.Out($"release {release.Version} is healthy in slot {idle} (checked {targets.Count} service(s) through the preview listener)");
        return deployed;
    }

    /// <summary>Makes the idle slot active, then watches the live routes; on failure switches back by itself.</summary>
    /// <returns>True when the new slot kept answering healthy for the whole watch.</returns>
    public async Task<bool> PromoteAsync(StackContext stack, CancellationToken cancel)
    {
        var from = stack.ActiveSlot;
        var to = stack.IdleSlot;
        if (stack.Release.For(to) is not { IsEmpty: false })
        {
            throw new ReleaseRefusal($"slot {to} of stack '{stack.Name}' has no release to promote; deploy one first");
        }

        Console.Out($"switching stack '{stack.Name}' from {Describe(stack, from)} to {Describe(stack, to)}");
        if (!await SwitchAsync(stack, to, from, cancel))
        {
            return false;
        }

        var switched = await services.LoadAsync(stack.Engine, cancel);
        var targets = HealthTarget.Probes(switched.Settings, await switched.PublicAddressAsync(cancel), to);
        Console.Out($"watching {targets.Count} live route(s) for {services.Timing.Watch.TotalSeconds:0.#}s");
        var failure = await services.Health().WatchAsync(targets, cancel);
        if (failure is null)
        {
            Console.Out($"{Describe(switched, to)} takes traffic and stayed healthy");
            return true;
        }

        Console.Error($"promotion failed: {failure}; switching back to {Describe(stack, from)}");
        await stack.Engine.SetConfigAsync(ReleasePlans.Activate(from), cancel);
        await services.UpAsync(stack.Engine, cancel);
        Console.Error($"switched back: {Describe(stack, from)} takes traffic again");
        return false;
    }

    /// <summary>Sets the active slot and runs the update; if the update fails, puts the previous slot back.</summary>
    public async Task<bool> SwitchAsync(StackContext stack, string to, string back, CancellationToken cancel)
    {
        await stack.Engine.SetConfigAsync(ReleasePlans.Activate(to), cancel);
        try
        {
            await services.UpAsync(stack.Engine, cancel);
            return true;
        }
        catch (StackBusyException)
        {
            await stack.Engine.SetConfigAsync(ReleasePlans.Activate(back), cancel);
            throw;
        }
        catch (UpdateFailedException failed)
        {
            Console.Error($"the switch to {to} failed ({failed.Message}); switching back to {back}");
            await stack.Engine.SetConfigAsync(ReleasePlans.Activate(back), cancel);
            await services.UpAsync(stack.Engine, cancel);
            Console.Error($"switched back: {Describe(stack, back)} takes traffic again");
            return false;
        }
    }

    public static string Describe(StackContext stack, string slot) => Describe(stack.Settings, slot);

    public static string Describe(StackSettings settings, string slot) =>
        settings.Release.For(slot) is { IsEmpty: false } release ? $"{slot} ({release.Version})" : $"{slot} (empty)";
}
