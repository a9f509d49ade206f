namespace Infra.Release.Engine;

/// <summary>An update ran and failed (a resource error, an unhealthy container, a failed release task).</summary>
public sealed class UpdateFailedException(string message) : Exception(message);

/// <summary>Another update holds Pulumi's own lock on the stack; this one never started.</summary>
public sealed class StackBusyException(string message) : Exception(message);
