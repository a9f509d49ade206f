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

    public Task<int> RestoreAsync(string? stack, string snapshot, string? accessory, string? volume, bool yes, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
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

    /// <summary>The command's output, or a refusal naming the script and its last error line.</summary>
    public static string Require(ShellResult result, string what) =>
        result.Succeeded
            ? result.Output
            : throw new ReleaseRefusal($"{what} failed on the server (exit {result.ExitCode}): {result.Error.Trim().Split('\n').LastOrDefault()}");
}
