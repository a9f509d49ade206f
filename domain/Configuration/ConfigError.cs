namespace Infra.Domain.Configuration;

/// <summary>A problem with the stack configuration: the key it is at, and what to do about it.</summary>
public sealed record ConfigError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
