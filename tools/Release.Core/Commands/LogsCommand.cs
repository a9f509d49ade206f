using Infra.Release.Operations;

namespace Infra.Release.Commands;

/// <summary>A container's logs (a service in a slot, an accessory or the proxy), from its host: over SSH or on the local engine.</summary>
public sealed class LogsCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string name, string? slot, string? since, int? tail, bool follow, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            var request = LogsRequest.Checked(since, tail, follow);
            await using var engine = await services.SelectAsync(stack, cancel);
            var context = await services.LoadAsync(engine, cancel);
            var target = ContainerChoice.Any(context.Settings, name, slot);
            var shell = await services.Servers(context, cancel);
            await ContainerPresence.RequireAsync(shell, target, engine.StackName, cancel);
            return await shell.AttachAsync(request.DockerLogs(target.Container), terminal: false, cancel);
        });
}
