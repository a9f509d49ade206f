namespace Infra.Domain.Settings;

/// <summary>A one-off command run from the new release's image before it can take traffic (e.g. migrations).</summary>
public sealed record ReleaseTaskSettings
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Seconds the task may run; then it is stopped and the update fails.</summary>
    public int TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    public const int DefaultTimeoutSeconds = 900;
}
