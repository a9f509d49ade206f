using Infra.Release.Engine;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

internal static class Engines
{
    /// <summary>Checks the stack name before anything touches the engine.</summary>
    public static Task<IStackEngine> SelectAsync(this ReleaseServices services, string? stack, CancellationToken cancel) =>
        services.Engines(KnownStacks.Require(stack), cancel);

    public static Task<StackContext> LoadAsync(this ReleaseServices services, IStackEngine engine, CancellationToken cancel) =>
        StackContext.LoadAsync(engine, services.Environment, cancel);

    /// <summary>Runs an update, printing each resource the engine changes.</summary>
    public static Task UpAsync(this ReleaseServices services, IStackEngine engine, CancellationToken cancel) =>
        engine.UpAsync(
            step =>
            {
                if (step.Op is not (StepOp.Same or StepOp.Read or StepOp.Refresh or StepOp.Other))
                {
                    services.Console.Out($"  {step.Op.ToString().ToLowerInvariant()} {step.Type} {step.Name}");
                }
            },
            cancel);
}
