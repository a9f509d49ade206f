namespace Infra.Release.Stacks;

/// <summary>The stacks this tool releases to; anything else is refused before the engine is touched.</summary>
public static class KnownStacks
{
    public const string Local = "local";
    public const string Staging = "staging";
    public const string Prod = "prod";

    public static readonly IReadOnlyList<string> All = [Local, Staging, Prod];

    public static string Require(string? stack) =>
        stack is not null && All.Contains(stack)
            ? stack
            : throw new ReleaseRefusal($"unknown stack '{stack}'; use one of {string.Join(", ", All)}");
}
