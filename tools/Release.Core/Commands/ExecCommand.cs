using Infra.Release.Operations;
using Infra.Release.Releases;

namespace Infra.Release.Commands;

/// <summary>
/// A command (a console, a one-off task) in a new container of a slot's image with that slot's env and
/// secrets, on the stack's network, removed afterwards; with --reuse, in the slot's running container.
/// </summary>
public sealed class ExecCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string service, string? slot, bool reuse, IReadOnlyList<string> command, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            if (command.Count == 0)
            {
                throw new ReleaseRefusal("name the command to run after --, e.g. `release exec api --stack prod -- bin/console`");
            }

            await using var engine = await services.SelectAsync(stack, cancel);
            var context = await services.LoadAsync(engine, cancel);
            var target = ContainerChoice.Service(context.Settings, service, slot);
            var shell = await services.Servers(context, cancel);
            if (reuse)
            {
                var running = await ContainerPresence.RequireAsync(shell, target, engine.StackName, cancel);
                return running.IsRunning
                    ? await shell.AttachAsync(ExecPlan.InRunningContainer(target.Container, command, services.Interactive), services.Interactive, cancel)
                    : throw new ReleaseRefusal($"container {target.Container} ({target.Description}) is {running.State}; run without --reuse for a new container");
            }

            var chosen = SlotChoice.Resolve(context.Release, slot);
            var secrets = await SlotSecrets.ReadAsync(engine, context.Settings, chosen, cancel);
            var plan = ExecPlan.NewContainer(context.Settings, service, chosen, secrets, command, services.RunIds(), services.Interactive);
            var created = await shell.RunAsync(plan.Create, plan.EnvFile, cancel);
            if (!created.Succeeded)
            {
                throw new ReleaseRefusal($"cannot create a container of {target.Description}: {created.Error.Trim().Split('\n').LastOrDefault()}");
            }

            try
            {
                return await shell.AttachAsync(plan.Start, services.Interactive, cancel);
            }
            finally
            {
                await shell.RunAsync(plan.Remove, CancellationToken.None);
            }
        });
}
