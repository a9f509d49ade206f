using Infra.Release.Releases;

namespace Infra.Release.Commands;

/// <summary>Deploys a release file into the idle slot and checks it there; traffic does not move.</summary>
public sealed class DeployCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string releaseFile, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            await using var held = await services.Locks(engine.StackName).AcquireAsync("deploy", cancel);
            var context = await services.LoadAsync(engine, cancel);
            var release = ReleaseFile.Load(releaseFile);

            var deployed = await new ReleaseSteps(services).DeployIntoIdleAsync(context, release, releaseFile, cancel);
            if (deployed is null)
            {
                return ExitCodes.Failed;
            }

            services.Console.Out($"next: promote it with `release promote --stack {engine.StackName}`");
            return ExitCodes.Ok;
        });
}
