namespace Infra.Domain.Settings;

/// <summary>A named volume on the data volume, mounted into a service (e.g. uploads).</summary>
public sealed record VolumeMountSettings
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public bool Backup { get; init; }
}
