namespace Infra.Release.Commands;

/// <summary>Switches traffic to the idle slot and watches it; switches back by itself when it fails.</summary>
public sealed class PromoteCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("promote", cancel);
            var context = await services.LoadAsync(engine, cancel);
            return await new ReleaseSteps(services).PromoteAsync(context, cancel) ? ExitCodes.Ok : ExitCodes.Failed;
        });
}
