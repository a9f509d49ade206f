namespace Infra.Domain.Configuration;

/// <summary>
/// One config value as Pulumi hands it to a program: plain text, or JSON for structured values.
/// Secret values are never needed to validate a stack, so sources may hide them.
/// </summary>
public sealed record ConfigValue(string Text, bool IsSecret);
