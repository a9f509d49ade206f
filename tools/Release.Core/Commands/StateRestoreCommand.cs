using Infra.Release.State;

namespace Infra.Release.Commands;

/// <summary>Puts back the state a past update ended with, after showing what differs and a confirmation.</summary>
public sealed class StateRestoreCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, int version, bool yes, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync($"state restore --version {version}", cancel);
            var history = await engine.GetHistoryAsync(cancel);
            if (history.All(u => u.Number != version))
            {
                throw new ReleaseRefusal($"update {version} is not in the history of stack '{engine.StackName}'; see: release history --stack {engine.StackName}");
            }

            var checkpoint = await engine.ReadCheckpointAsync(version, cancel)
                ?? throw new ReleaseRefusal($"the backend kept no checkpoint of update {version} of stack '{engine.StackName}'");
            var diff = StateDiff.Between(await engine.ExportStateAsync(cancel), checkpoint);
            if (diff.IsEmpty)
            {
                services.Console.Out($"the state of stack '{engine.StackName}' already matches update {version}; nothing to import");
                return ExitCodes.Ok;
            }

            services.Console.Out($"restoring the state of update {version} would change stack '{engine.StackName}':");
            foreach (var line in diff.Lines())
            {
                services.Console.Out(line);
            }

            const string question = "Import this state? Pulumi will then believe the resources are as listed; run a preview with refresh afterwards";
            if (!yes && !services.Console.Confirm(question))
            {
                throw new ReleaseRefusal("state not imported: confirm with --yes");
            }

            await engine.ImportStateAsync(checkpoint, cancel);
            services.Console.Out($"imported the state of update {version}; next: release preview --stack {engine.StackName} (refreshes, then shows what differs from the real resources)");
            return ExitCodes.Ok;
        });
}
