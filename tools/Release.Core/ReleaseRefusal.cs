namespace Infra.Release;

/// <summary>Bad input or a state the tool will not act on: one line for the user, a non-zero exit, nothing changed.</summary>
public sealed class ReleaseRefusal(string message) : Exception(message);
