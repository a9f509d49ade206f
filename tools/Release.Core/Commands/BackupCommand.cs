using System.Globalization;
using Infra.Domain.Backups;
using Infra.Release.Backups;
using Infra.Release.Output;

namespace Infra.Release.Commands;

/// <summary>Lists the snapshots in the stack's bucket and restores one, through the backup scripts on the server.</summary>
public sealed class BackupCommand(ReleaseServices services)
{
    public Task<int> ListAsync(string? stack, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            var context = await services.LoadAsync(engine, cancel);
            var shell = await services.Servers(context, cancel);
            var snapshots = BackupSnapshot.ParseList(Require(await shell.RunAsync(BackupCommands.List(BackupHostLayout.For(context.Settings)), cancel), "infra-restore list"));
            services.Console.Out(snapshots.Count == 0
                ? $"stack '{engine.StackName}' has no backup snapshots yet"
                : TextTable.Render(["SNAPSHOT", "TIME (UTC)", "CONTAINS"], snapshots.Select(s => (IReadOnlyList<string>)
                    [s.Id, s.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), string.Join(", ", s.Targets)])).TrimEnd('\n'));
            return ExitCodes.Ok;
        });

    public Task<int> RestoreAsync(string? stack, string? snapshot, string? accessory, string? volume, bool yes, CancellationToken cancel, string? to = null, string? into = null) =>
        to is not null
            ? RestoreToTimeAsync(stack, snapshot, to, into, accessory, volume, yes, cancel)
            : CommandRunner.RunAsync(services.Console, async () =>
        {
            if (snapshot is null || into is not null)
            {
                throw new ReleaseRefusal(snapshot is null
                    ? "say what to restore from: --snapshot <id> (see backup list) or --to <RFC 3339 time>|latest"
                    : "--into goes with --to: a point-in-time restore into a new database");
            }

            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("backup restore", cancel);
            var context = await services.LoadAsync(engine, cancel);
            var target = RestoreTarget.Find(context.Settings, accessory, volume);
            var shell = await services.Servers(context, cancel);
            var snapshots = BackupSnapshot.ParseList(Require(await shell.RunAsync(BackupCommands.List(BackupHostLayout.For(context.Settings)), cancel), "infra-restore list"));
            if (snapshots.All(s => s.Id != snapshot))
            {
                throw new ReleaseRefusal($"snapshot '{snapshot}' is not in the backups of stack '{engine.StackName}'; see: release backup list --stack {engine.StackName}");
            }

            var question = $"Restore {target} of stack '{engine.StackName}' from snapshot {snapshot}? Its current data is replaced";
            if (!yes && !services.Console.Confirm(question))
            {
                throw new ReleaseRefusal("not restored: confirm with --yes");
            }

            services.Console.Out($"restoring {target} from snapshot {snapshot}");
            Require(await shell.RunAsync(BackupCommands.Restore(BackupHostLayout.For(context.Settings), snapshot, target), cancel), "infra-restore");
            services.Console.Out($"restored {target} from snapshot {snapshot}");
            return ExitCodes.Ok;
        });

    /// <summary>
    /// Point-in-time recovery of a PostgreSQL accessory from its base backups and shipped WAL: into a new
    /// database (<paramref name="into"/>, the live one untouched) or, after confirmation, in place.
    /// </summary>
    private Task<int> RestoreToTimeAsync(string? stack, string? snapshot, string to, string? into, string? accessory, string? volume, bool yes, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            var time = RecoveryTime.Parse(to);
            if (snapshot is not null || volume is not null)
            {
                throw new ReleaseRefusal(snapshot is not null ? "--to and --snapshot exclude each other: restore to a time or from a snapshot" : "--to restores a PostgreSQL accessory, not a volume");
            }

            if (into is not null && !ShellSafeName.IsSafe(into))
            {
                throw new ReleaseRefusal($"--into '{into}' is not a database name (letters, digits, '_', '.', '-')");
            }

            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("backup restore", cancel);
            var context = await services.LoadAsync(engine, cancel);
            var target = RestoreTarget.FindPointInTime(context.Settings, accessory);
            var where = into is null ? "in place" : $"into new database '{into}'";
            if (into is null && !yes && !services.Console.Confirm(
                    $"Recover {target} of stack '{engine.StackName}' to {time} in place? It serves on while a scratch server recovers, then it is stopped and its data folder kept aside and replaced"))
            {
                throw new ReleaseRefusal("not restored: confirm with --yes");
            }

            var shell = await services.Servers(context, cancel);
            services.Console.Out($"recovering {target} to {time} {where}");
            // The script says which transaction it recovered to and, in place, where the old data is kept and how to go back to it.
            var said = Require(await shell.RunAsync(BackupCommands.RestoreToTime(BackupHostLayout.For(context.Settings), target.Name, time, into), cancel), "infra-restore");
            if (said.Trim().Length > 0)
            {
                services.Console.Out(said.TrimEnd('\n'));
            }

            services.Console.Out($"recovered {target} to {time} {where}");
            return ExitCodes.Ok;
        });

    /// <summary>The command's output, or a refusal naming the script and its last error line.</summary>
    public static string Require(ShellResult result, string what) =>
        result.Succeeded
            ? result.Output
            : throw new ReleaseRefusal($"{what} failed on the server (exit {result.ExitCode}): {result.Error.Trim().Split('\n').LastOrDefault()}");
}
