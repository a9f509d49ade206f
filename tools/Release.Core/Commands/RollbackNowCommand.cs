using System.Diagnostics;
using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Infra.Release.Plans;
using Infra.Release.Rollback;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>
/// rollback --now: traffic first, bookkeeping after. The previous slot's switch runs straight on the
/// host from what is read in milliseconds (the stack file), health-gated by the script; only then is
/// the stack selected, locked, loaded and updated to record it. If the recording fails, the command
/// says what runs, what the state says, and how to make them agree.
/// </summary>
public sealed class RollbackNowCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, bool yes, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
            await SwitchOnHostAsync(stack, yes, cancel) is { } switched
                ? await RecordAsync(switched, cancel)
                : ExitCodes.Failed);

    /// <summary>The first half, all that stands between the command and traffic on the previous slot.</summary>
    /// <returns>What was switched, or null when the switch was refused or failed (said on the console).</returns>
    public async Task<SwitchedOnHost?> SwitchOnHostAsync(string? stack, bool yes, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var name = KnownStacks.Require(stack);
        var settings = ReadSettings(name);
        var previous = RollbackCommand.RequireSwitchBack(name, settings);
        RollbackCommand.Confirm(services.Console, RolledPastRelease.ForSwitchBack(settings), yes);

        var from = Describe(settings, settings.Release.ActiveSlot);
        var to = Describe(settings, previous);
        services.Console.Out($"rolling back stack '{name}' now from {from} to {to}: switching on the host first");
        var (outcome, result) = await new HostSwitch(settings, previous, services.HelperImage).RunAsync(await services.Hosts(settings, cancel), cancel);
        switch (outcome)
        {
            case SwitchOutcome.NothingChanged:
                PrintDetails(result.Error);
                services.Console.Error($"the switch to {previous} was refused (exit {result.ExitCode}): {LastLine(result)}; traffic stays on {from}, nothing was recorded");
                return null;
            case SwitchOutcome.Unknown:
                PrintDetails(result.Error);
                services.Console.Error($"the switch to {previous} failed (exit {result.ExitCode}): {LastLine(result)}; which slot takes traffic is not known: check with `curl -sI` on a route ({Infra.Domain.Proxy.HaproxyConfig.SlotHeader}), then run rollback --now again");
                return null;
        }

        services.Console.Out($"{to} takes traffic ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.00}s after the command started); recording it as a stack update");
        return new SwitchedOnHost(name, settings, previous, to);
    }

    private void PrintDetails(string error)
    {
        foreach (var line in error.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            services.Console.Error(line);
        }
    }

    private StackSettings ReadSettings(string stack)
    {
        var loaded = StackConfiguration.Load(services.StackFiles(stack));
        return loaded.IsValid
            ? loaded.Settings!
            : throw new ReleaseRefusal($"stack '{stack}' configuration is invalid ({string.Join("; ", loaded.Errors)}); fix it first, nothing was changed");
    }

    /// <summary>The same config change and update plain rollback makes; whatever stops it, what runs and what the state says are printed.</summary>
    private async Task<int> RecordAsync(SwitchedOnHost switched, CancellationToken cancel)
    {
        var (stack, slot, running) = (switched.Stack, switched.Slot, switched.Running);
        var stateSlot = switched.Settings.Release.ActiveSlot;
        var configWritten = false;
        try
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("rollback --now", cancel);
            var context = await services.LoadAsync(engine, cancel);
            stateSlot = context.ActiveSlot;
            await engine.SetConfigAsync(ReleasePlans.Activate(slot), cancel);
            configWritten = true;
            await services.UpAsync(engine, cancel);
        }
        catch (Exception failure)
        {
            foreach (var line in new UnrecordedSwitch(stack, slot, running, stateSlot, configWritten, failure.Message).Lines())
            {
                services.Console.Error(line);
            }

            return ExitCodes.Failed;
        }

        services.Console.Out($"{running} takes traffic, recorded in stack '{stack}'");
        return ExitCodes.Ok;
    }

    private static string Describe(StackSettings settings, string slot) => ReleaseSteps.Describe(settings, slot);

    /// <summary>The script's own verdict: its last line on stderr (e.g. which services are not healthy), else on stdout.</summary>
    private static string LastLine(Backups.ShellResult result) =>
        new[] { result.Error, result.Output }
            .Select(text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault())
            .FirstOrDefault(line => line is not null) ?? "no output";
}

/// <summary>The previous slot took traffic on the host; <paramref name="Settings"/> are the stack file's, from before.</summary>
/// <param name="Running">The slot and its release, described.</param>
public sealed record SwitchedOnHost(string Stack, StackSettings Settings, string Slot, string Running);
