using Infra.Domain.Settings;

namespace Infra.Release.Stacks;

/// <summary>The stacks this tool releases to, one per environment; anything else is refused before the engine is touched.</summary>
public static class KnownStacks
{
    public static readonly string Local = DeploymentEnvironment.Local.Name();
    public static readonly string Prod = DeploymentEnvironment.Prod.Name();

    public static readonly IReadOnlyList<string> All = [.. DeploymentEnvironments.All.Select(DeploymentEnvironments.Name)];

    public static string Require(string? stack) =>
        stack is not null && All.Contains(stack)
            ? stack
            : throw new ReleaseRefusal($"unknown stack '{stack}'; use one of {string.Join(", ", All)}");
}
