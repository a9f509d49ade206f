using Infra.Domain.Hosting;
using Infra.Domain.Containers;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Release.Backups;
using Infra.Release.Drill;
using Infra.Release.Releases;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>
/// The whole cycle for real on a non-prod stack: deploy, promote, roll back, back up, restore into a scratch
/// database and compare it with the live one. Each step reports pass or fail; later release steps are
/// skipped once one fails, the backup steps run regardless.
/// </summary>
public sealed class DrillCommand(ReleaseServices services, TimeProvider clock)
{
    public Task<int> RunAsync(string? stack, string? releaseFile, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            if (KnownStacks.Require(stack) == KnownStacks.Prod)
            {
                throw new ReleaseRefusal("the drill changes the stack for real and never runs on prod; use staging or local");
            }

            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("drill", cancel);
            var context = await services.LoadAsync(engine, cancel);
            var steps = new List<DrillStep>();
            await ReleaseCycleAsync(context, releaseFile, steps, cancel);
            await BackupCycleAsync(await services.LoadAsync(engine, cancel), steps, cancel);

            var report = new DrillReport(steps);
            services.Console.Out(report.Render().TrimEnd('\n'));
            return report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
        });

    private async Task ReleaseCycleAsync(StackContext context, string? releaseFile, List<DrillStep> steps, CancellationToken cancel)
    {
        var release = releaseFile is null ? context.Release.For(context.ActiveSlot)! : ReleaseFile.Load(releaseFile);
        var releaseSteps = new ReleaseSteps(services);

        var deployed = await Step(steps, "deploy", () => releaseSteps.DeployIntoIdleAsync(context, release, releaseFile ?? "the active release", cancel),
            d => d is null ? (false, $"{release.Version} not healthy in the idle slot") : (true, $"{release.Version} healthy in slot {d.IdleSlot}"));
        if (deployed is null)
        {
            Skip(steps, "deploy failed", "promote", "rollback");
            return;
        }

        var promoted = await Step(steps, "promote", () => releaseSteps.PromoteAsync(deployed, cancel),
            ok => ok ? (true, $"{deployed.IdleSlot} takes traffic and stayed healthy") : (false, "switched back after failing health"));
        if (!promoted)
        {
            Skip(steps, "promote failed", "rollback");
            return;
        }

        var current = await services.LoadAsync(context.Engine, cancel);
        await Step(steps, "rollback", () => RollBackAsync(current, cancel),
            ok => ok ? (true, $"{current.IdleSlot} takes traffic again") : (false, "the live route was not healthy after switching back"));
    }

    private async Task<bool> RollBackAsync(StackContext stack, CancellationToken cancel)
    {
        if (stack.Release.StopIdle)
        {
            throw new ReleaseRefusal($"slot {stack.IdleSlot} is stopped (stopIdle); a quick rollback cannot be drilled");
        }

        var back = stack.IdleSlot;
        if (!await new ReleaseSteps(services).SwitchAsync(stack, back, stack.ActiveSlot, cancel))
        {
            return false;
        }

        var after = await services.LoadAsync(stack.Engine, cancel);
        var targets = Health.HealthTarget.Probes(after.Settings, await after.PublicAddressAsync(cancel), back);
        return await services.Health().WaitUntilHealthyAsync(targets, cancel) is null;
    }

    private async Task BackupCycleAsync(StackContext context, List<DrillStep> steps, CancellationToken cancel)
    {
        var database = context.Settings.Accessories.FirstOrDefault(a => a.Backup && a.Kind == AccessoryKind.Postgres);
        if (database is null)
        {
            Skip(steps, "the stack backs up no PostgreSQL accessory", "backup", "restore", "compare", "restore-to-time", "compare-to-time");
            return;
        }

        var shell = await services.Servers(context, cancel);
        var layout = BackupHostLayout.For(context.Settings);
        var names = DockerNames.For(context.Settings);
        var backedUp = await Step(steps, "backup", async () => await shell.RunAsync(BackupCommands.Run(layout), cancel),
            r => r.Succeeded ? (true, "infra-backup succeeded") : (false, $"infra-backup exited {r.ExitCode}"));
        if (backedUp is not { Succeeded: true })
        {
            Skip(steps, "backup failed", "restore", "compare", "restore-to-time", "compare-to-time");
            return;
        }

        var scratch = $"drill_{clock.GetUtcNow():yyyyMMddHHmmss}";
        var restored = await Step(steps, "restore", async () => await shell.RunAsync(BackupCommands.Restore(layout, "latest", new RestoreTarget(database.Name, IsVolume: false), scratch), cancel),
            r => r.Succeeded ? (true, $"latest snapshot of '{database.Name}' restored into scratch database {scratch}") : (false, $"infra-restore exited {r.ExitCode}"));
        if (restored is not { Succeeded: true })
        {
            Skip(steps, "restore failed", "compare");
        }
        else
        {
            var live = await shell.RunAsync(BackupCommands.PostgresRowCounts(names, database, database.Database ?? database.User ?? AccessoryKinds.PostgresDefaultUser), cancel);
            var copy = await shell.RunAsync(BackupCommands.PostgresRowCounts(names, database, scratch), cancel);
            steps.Add(Compare("compare", live, copy));
            await shell.RunAsync(BackupCommands.DropPostgresDatabase(names, database, scratch), cancel);
        }

        // Point-in-time recovery: the newest base backup and the shipped WAL (the backup shipped it as it ended).
        var recovered = $"drill_pitr_{clock.GetUtcNow():yyyyMMddHHmmss}";
        var latest = RecoveryTime.Parse(RecoveryTime.Latest);
        var pitr = await Step(steps, "restore-to-time", async () => await shell.RunAsync(BackupCommands.RestoreToTime(layout, database.Name, latest, recovered), cancel),
            r => r.Succeeded ? (true, $"'{database.Name}' recovered to the end of its shipped WAL into scratch database {recovered}") : (false, $"infra-restore --to latest exited {r.ExitCode}"));
        if (pitr is not { Succeeded: true })
        {
            Skip(steps, "restore-to-time failed", "compare-to-time");
            return;
        }

        var liveNow = await shell.RunAsync(BackupCommands.PostgresRowCounts(names, database, database.Database ?? database.User ?? AccessoryKinds.PostgresDefaultUser), cancel);
        steps.Add(Compare("compare-to-time", liveNow, await shell.RunAsync(BackupCommands.PostgresRowCounts(names, database, recovered), cancel)));
        await shell.RunAsync(BackupCommands.DropPostgresDatabase(names, database, recovered), cancel);
    }

    private static DrillStep Compare(string name, ShellResult live, ShellResult copy)
    {
        if (!live.Succeeded || !copy.Succeeded)
        {
            return new DrillStep(name, DrillOutcome.Fail, "could not count rows (psql failed)");
        }

        var liveRows = Lines(live.Output);
        var copyRows = Lines(copy.Output);
        var differing = liveRows.Except(copyRows).Concat(copyRows.Except(liveRows)).Select(l => l.Split('=')[0]).Distinct().Order(StringComparer.Ordinal).ToList();
        return differing.Count == 0
            ? new DrillStep(name, DrillOutcome.Pass, $"{liveRows.Count} table(s), same row counts")
            : new DrillStep(name, DrillOutcome.Fail, $"row counts differ: {string.Join(", ", differing)}");
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<T> Step<T>(List<DrillStep> steps, string name, Func<Task<T>> run, Func<T, (bool Ok, string Detail)> judge)
    {
        try
        {
            var result = await run();
            var (ok, detail) = judge(result);
            steps.Add(new DrillStep(name, ok ? DrillOutcome.Pass : DrillOutcome.Fail, detail));
            return result;
        }
        catch (Exception e) when (e is ReleaseRefusal or Engine.UpdateFailedException)
        {
            steps.Add(new DrillStep(name, DrillOutcome.Fail, e.Message));
            return default!;
        }
    }

    private static void Skip(List<DrillStep> steps, string reason, params string[] names) =>
        steps.AddRange(names.Select(n => new DrillStep(n, DrillOutcome.Skipped, reason)));
}
