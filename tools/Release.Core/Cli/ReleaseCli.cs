using System.CommandLine;
using Infra.Release.Commands;
using Infra.Release.Health;

namespace Infra.Release.Cli;

/// <summary>The command line: every command takes --stack; options map one-to-one onto the commands' parameters.</summary>
public static class ReleaseCli
{
    public static RootCommand Build(ReleaseServices services, TimeProvider clock)
    {
        var root = new RootCommand("Blue-green releases of the infra stacks: reviewed previews, health-checked promotion, rollback and state restore.");

        var preview = new Command("preview", "Preview the stack and report what would change, by component, with stateful resources, containers taking traffic and proxy reloads flagged, and the configuration pending for the live slot.");
        var stack = StackOption(preview);
        var markdown = new Option<string?>("--markdown") { Description = "Also write the risk report as Markdown to this file (for a pull-request comment)." };
        var allowDestroy = new Option<bool>("--allow-destroy") { Description = "Exit 0 even when a stateful resource would be replaced or deleted." };
        var allowTraffic = new Option<bool>("--allow-traffic") { Description = "Exit 0 even when a container taking traffic (live slot, proxy, accessory) would be restarted, or the proxy reloaded." };
        preview.Options.Add(markdown);
        preview.Options.Add(allowDestroy);
        preview.Options.Add(allowTraffic);
        preview.SetAction((result, cancel) => new PreviewCommand(services).RunAsync(result.GetValue(stack), result.GetValue(markdown), result.GetValue(allowDestroy), result.GetValue(allowTraffic), cancel));
        root.Subcommands.Add(preview);

        var deploy = new Command("deploy", "Deploy a release file into the idle slot, run the update and check the slot's health.");
        var deployStack = StackOption(deploy);
        var releaseFile = new Argument<string>("release-file") { Description = "YAML or JSON: version, and images per service pinned by digest." };
        deploy.Arguments.Add(releaseFile);
        var deployTiming = TimingOptions(deploy, services.Timing);
        deploy.SetAction((result, cancel) => new DeployCommand(services with { Timing = deployTiming(result) }).RunAsync(result.GetValue(deployStack), result.GetValue(releaseFile)!, cancel));
        root.Subcommands.Add(deploy);

        var promote = new Command("promote", "Switch traffic to the idle slot, watch the live routes, switch back by itself if they fail.");
        var promoteStack = StackOption(promote);
        var promoteTiming = TimingOptions(promote, services.Timing);
        promote.SetAction((result, cancel) => new PromoteCommand(services with { Timing = promoteTiming(result) }).RunAsync(result.GetValue(promoteStack), cancel));
        root.Subcommands.Add(promote);

        var rollback = new Command("rollback", "Switch back to the previous slot, or with --to deploy and promote a release from the stack's history.");
        var rollbackStack = StackOption(rollback);
        var to = new Option<string?>("--to") { Description = "An update number or a release version from `history`." };
        var rollbackYes = YesOption(rollback);
        var now = new Option<bool>("--now") { Description = "Move traffic first: run the previous slot's switch on the host (health-gated), then record it as a stack update." };
        rollback.Options.Add(to);
        rollback.Options.Add(now);
        var rollbackTiming = TimingOptions(rollback, services.Timing);
        rollback.SetAction((result, cancel) => new RollbackCommand(services with { Timing = rollbackTiming(result) }).RunAsync(result.GetValue(rollbackStack), result.GetValue(to), result.GetValue(rollbackYes), result.GetValue(now), cancel));
        root.Subcommands.Add(rollback);

        var history = new Command("history", "List the stack's updates with the active slot and the release in each slot.");
        var historyStack = StackOption(history);
        history.SetAction((result, cancel) => new HistoryCommand(services).RunAsync(result.GetValue(historyStack), cancel));
        root.Subcommands.Add(history);

        var state = new Command("state", "Repair the stack's state.");
        var restore = new Command("restore", "Show how the checkpoint of a past update differs from the current state, and import it after confirmation.");
        var restoreStack = StackOption(restore);
        var version = new Option<int>("--version") { Description = "The update number (see `history`).", Required = true };
        var restoreYes = YesOption(restore);
        restore.Options.Add(version);
        restore.SetAction((result, cancel) => new StateRestoreCommand(services).RunAsync(result.GetValue(restoreStack), result.GetValue(version), result.GetValue(restoreYes), cancel));
        state.Subcommands.Add(restore);
        root.Subcommands.Add(state);

        root.Subcommands.Add(BackupCommand(services));

        var drill = new Command("drill", "On a non-prod stack: deploy, promote, roll back, back up, restore into a scratch database and compare.");
        var drillStack = StackOption(drill);
        var drillRelease = new Option<string?>("--release") { Description = "Release file to drill with; the active release by default." };
        drill.Options.Add(drillRelease);
        var drillTiming = TimingOptions(drill, services.Timing);
        drill.SetAction((result, cancel) => new DrillCommand(services with { Timing = drillTiming(result) }, clock).RunAsync(result.GetValue(drillStack), result.GetValue(drillRelease), cancel));
        root.Subcommands.Add(drill);

        var lockCommand = new Command("lock", "Show or break a stack's release lock.");
        var status = new Command("status", "Who holds the release lock.");
        var statusStack = StackOption(status);
        status.SetAction((result, cancel) => new LockCommand(services).StatusAsync(result.GetValue(statusStack), cancel));
        var breakLock = new Command("break", "Remove a release lock whose run is gone.");
        var breakStack = StackOption(breakLock);
        breakLock.SetAction((result, cancel) => new LockCommand(services).BreakAsync(result.GetValue(breakStack), cancel));
        lockCommand.Subcommands.Add(status);
        lockCommand.Subcommands.Add(breakLock);
        root.Subcommands.Add(lockCommand);
        OperatorCommands.AddTo(root, services);
        return root;
    }

    private static Command BackupCommand(ReleaseServices services)
    {
        var backup = new Command("backup", "Backup snapshots in the stack's bucket.");
        var list = new Command("list", "List the snapshots.");
        var listStack = StackOption(list);
        list.SetAction((result, cancel) => new Commands.BackupCommand(services).ListAsync(result.GetValue(listStack), cancel));

        var restore = new Command("restore", "Restore an accessory's database or a volume from a snapshot, or a PostgreSQL accessory to a point in time (--to).");
        var restoreStack = StackOption(restore);
        var snapshot = new Option<string?>("--snapshot") { Description = "Snapshot id from `backup list`." };
        var to = new Option<string?>("--to") { Description = "PostgreSQL point-in-time recovery: an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or latest." };
        var into = new Option<string?>("--into") { Description = "With --to: recover into this new database, leaving the live one alone (default: in place)." };
        var accessory = new Option<string?>("--accessory") { Description = "Accessory to restore (e.g. db)." };
        var volume = new Option<string?>("--volume") { Description = "Service volume to restore (<service>-<volume>)." };
        var yes = YesOption(restore);
        restore.Options.Add(snapshot);
        restore.Options.Add(to);
        restore.Options.Add(into);
        restore.Options.Add(accessory);
        restore.Options.Add(volume);
        restore.SetAction((result, cancel) => new Commands.BackupCommand(services).RestoreAsync(
            result.GetValue(restoreStack), result.GetValue(snapshot), result.GetValue(accessory), result.GetValue(volume), result.GetValue(yes), cancel,
            result.GetValue(to), result.GetValue(into)));

        backup.Subcommands.Add(list);
        backup.Subcommands.Add(restore);
        return backup;
    }

    internal static Option<string> StackOption(Command command)
    {
        // Checked by the command itself, so an unknown stack gets the same one-line refusal as any other bad input.
        var option = new Option<string>("--stack") { Description = "local, staging or prod.", Required = true };
        command.Options.Add(option);
        return option;
    }

    private static Option<bool> YesOption(Command command)
    {
        var option = new Option<bool>("--yes") { Description = "Confirm without a prompt (for CI)." };
        command.Options.Add(option);
        return option;
    }

    private static Func<ParseResult, HealthTiming> TimingOptions(Command command, HealthTiming defaults)
    {
        var deadline = new Option<int>("--health-timeout") { Description = "Seconds a new slot may take to answer healthy.", DefaultValueFactory = _ => (int)Math.Ceiling(defaults.Deadline.TotalSeconds) };
        var watch = new Option<int>("--watch") { Description = "Seconds to watch the live routes after a switch.", DefaultValueFactory = _ => (int)Math.Ceiling(defaults.Watch.TotalSeconds) };
        command.Options.Add(deadline);
        command.Options.Add(watch);
        // Only an option given on the command line overrides the configured timing.
        return result => defaults with
        {
            Deadline = result.GetResult(deadline) is { Implicit: false } ? TimeSpan.FromSeconds(result.GetValue(deadline)) : defaults.Deadline,
            Watch = result.GetResult(watch) is { Implicit: false } ? TimeSpan.FromSeconds(result.GetValue(watch)) : defaults.Watch,
        };
    }
}
