using Infra.Domain.Settings;
using Infra.Release.Health;
using Infra.Release.Rollback;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>
/// Without --to: switches back to the previous slot (seconds; nothing is pulled or started). With --to:
/// deploys and promotes the release a past update ran. Either way, release tasks gone past need a yes.
/// </summary>
public sealed class RollbackCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string? to, bool yes, bool now, CancellationToken cancel) =>
        now ? NowAsync(stack, to, yes, cancel) : RunAsync(stack, to, yes, cancel);

    public Task<int> RunAsync(string? stack, string? to, bool yes, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync(to is null ? "rollback" : $"rollback --to {to}", cancel);
            var context = await services.LoadAsync(engine, cancel);
            return to is null
                ? await SwitchBackAsync(context, yes, cancel)
                : await RedeployAsync(context, to, yes, cancel);
        });

    private Task<int> NowAsync(string? stack, string? to, bool yes, CancellationToken cancel)
    {
        if (to is not null)
        {
            services.Console.Error("--now switches back to the previous slot, which still runs; it cannot be combined with --to (a release from history needs a deploy)");
            return Task.FromResult(ExitCodes.Failed);
        }

        return new RollbackNowCommand(services).RunAsync(stack, yes, cancel);
    }

    /// <summary>The previous slot, when switching back to it is quick: it holds a release and its containers run.</summary>
    public static string RequireSwitchBack(string stack, StackSettings settings)
    {
        var previous = Slots.Other(settings.Release.ActiveSlot);
        if (settings.Release.For(previous) is not { IsEmpty: false })
        {
            throw new ReleaseRefusal($"slot {previous} of stack '{stack}' has no release to switch back to; use rollback --to <version>");
        }

        if (settings.Release.StopIdle)
        {
            throw new ReleaseRefusal($"slot {previous} of stack '{stack}' is stopped (stopIdle) and has no containers, so switching back is not quick; use rollback --to {settings.Release.For(previous)!.Version}");
        }

        return previous;
    }

    private async Task<int> SwitchBackAsync(StackContext stack, bool yes, CancellationToken cancel)
    {
        var previous = RequireSwitchBack(stack.Name, stack.Settings);
        Confirm(services.Console, RolledPastRelease.ForSwitchBack(stack.Settings), yes);
        services.Console.Out($"rolling back stack '{stack.Name}' from {ReleaseSteps.Describe(stack, stack.ActiveSlot)} to {ReleaseSteps.Describe(stack, previous)}");
        if (!await new ReleaseSteps(services).SwitchAsync(stack, previous, stack.ActiveSlot, cancel))
        {
            return ExitCodes.Failed;
        }

        var after = await services.LoadAsync(stack.Engine, cancel);
        var targets = HealthTarget.Probes(after.Settings, await after.PublicAddressAsync(cancel), previous);
        var failure = await services.Health().WaitUntilHealthyAsync(targets, cancel);
        if (failure is not null)
        {
            services.Console.Error($"rolled back, but the live route is not healthy: {failure}");
            return ExitCodes.Failed;
        }

        services.Console.Out($"{ReleaseSteps.Describe(after, previous)} takes traffic");
        return ExitCodes.Ok;
    }

    private async Task<int> RedeployAsync(StackContext stack, string to, bool yes, CancellationToken cancel)
    {
        var history = await stack.Engine.GetHistoryAsync(cancel);
        var target = RollbackTarget.Find(stack.Name, to, history);
        var version = target.Release.Version;
        if (stack.Release.For(stack.ActiveSlot)?.Version == version)
        {
            throw new ReleaseRefusal($"release {version} already takes traffic on stack '{stack.Name}'; nothing to roll back");
        }

        Confirm(services.Console, RolledPastRelease.Since(target.Update, version, history, stack.Settings), yes);
        services.Console.Out($"rolling back stack '{stack.Name}' to release {version} (from update {target.Update.Number})");
        var steps = new ReleaseSteps(services);
        var deployed = await steps.DeployIntoIdleAsync(stack, target.Release, $"update {target.Update.Number}", cancel);
        return deployed is not null && await steps.PromoteAsync(deployed, cancel) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Going back past release tasks (migrations) needs --yes or a yes at the prompt.</summary>
    public static void Confirm(Output.IReleaseConsole console, IReadOnlyList<RolledPastRelease> rolledPast, bool yes)
    {
        if (rolledPast.Count == 0 || yes)
        {
            return;
        }

        var warning = $"this rolls back past release(s) that ran release tasks: {string.Join("; ", rolledPast)}; the database may no longer match the older code";
        if (!console.Confirm(warning + ". Roll back anyway?"))
        {
            throw new ReleaseRefusal(warning + "; not rolled back: confirm with --yes");
        }
    }
}
