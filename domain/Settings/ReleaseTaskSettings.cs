namespace Infra.Domain.Settings;

/// <summary>A one-off command run from the new release's image before it can take traffic (e.g. migrations).</summary>
public sealed record ReleaseTaskSettings
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Command { get; init; } = [];
}
