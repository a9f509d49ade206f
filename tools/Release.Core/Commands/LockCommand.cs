namespace Infra.Release.Commands;

/// <summary>Shows or breaks a stack's release lock (break only a lock whose run is gone).</summary>
public sealed class LockCommand(ReleaseServices services)
{
    public Task<int> StatusAsync(string? stack, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            var name = Stacks.KnownStacks.Require(stack);
            var holder = await services.Locks(name).ReadAsync(cancel);
            services.Console.Out(holder is null ? $"stack '{name}' is not locked" : $"stack '{name}' is locked by {holder}");
            return ExitCodes.Ok;
        });

    public Task<int> BreakAsync(string? stack, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            var name = Stacks.KnownStacks.Require(stack);
            var holder = await services.Locks(name).ReadAsync(cancel);
            if (holder is null)
            {
                services.Console.Out($"stack '{name}' is not locked");
                return ExitCodes.Ok;
            }

            await services.Locks(name).BreakAsync(cancel);
            services.Console.Out($"broke the lock of stack '{name}' held by {holder}");
            return ExitCodes.Ok;
        });
}
