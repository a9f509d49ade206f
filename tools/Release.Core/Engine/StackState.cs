namespace Infra.Release.Engine;

/// <summary>
/// A stack's deployment as <c>pulumi stack export</c> writes it: {"version": 3, "deployment": {...}}.
/// It may hold secret ciphertext, so it is diffed by URN and never printed.
/// </summary>
public sealed record StackState(string Json);
