using Infra.Release.History;

namespace Infra.Release.Commands;

/// <summary>The stack's updates with the release each slot held; no config value other than the release is shown.</summary>
public sealed class HistoryCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            services.Console.Out(HistoryTable.Render(await engine.GetHistoryAsync(cancel)).TrimEnd('\n'));
            return ExitCodes.Ok;
        });
}
