namespace Infra.Domain.Containers;

/// <summary>
/// Everything a container needs, decided from settings alone. Secrets appear only as the config
/// key that holds them; the component resolves them as Pulumi secrets.
/// </summary>
public sealed record ContainerSpec
{
    /// <summary>The service or accessory this container runs.</summary>
    public required string Owner { get; init; }

    public required string ResourceName { get; init; }
    public required string ContainerName { get; init; }
    public required string Image { get; init; }
    public int? Port { get; init; }
    public PublishedPort? Published { get; init; }
    /// <summary>A Docker healthcheck run inside the container; null when readiness is observed from outside (<see cref="Readiness"/>).</summary>
    public HealthCheckSpec? HealthCheck { get; init; }

    /// <summary>For an HTTP service: its health path, asked from outside the container over the stack's network.</summary>
    public Hosting.ReadinessProbe? Readiness { get; init; }
    public required string Restart { get; init; }
    public required int MemoryMb { get; init; }
    public IReadOnlyList<string> Command { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> SecretEnvironment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    public IReadOnlyList<string> NetworkAliases { get; init; } = [];

    /// <summary>Names (service or accessory) whose containers must be healthy before this one starts.</summary>
    public IReadOnlyList<string> StartAfter { get; init; } = [];
}

public sealed record PublishedPort(int HostPort, string HostIp);

public sealed record VolumeMount(string VolumeKey, string VolumeName, string ContainerPath);

/// <summary>A Docker healthcheck: test command, and timings in Docker's duration syntax.</summary>
/// <param name="WithinSeconds">How long the update waits for it to report healthy.</param>
public sealed record HealthCheckSpec(IReadOnlyList<string> Test, string Interval = "10s", string Timeout = "5s", int Retries = 3, string StartPeriod = "20s", int WithinSeconds = Hosting.ReadinessProbe.DeadlineSeconds);

public static class LogRotation
{
    public const string Driver = "json-file";

    public static readonly IReadOnlyDictionary<string, string> Options =
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["max-size"] = "10m", ["max-file"] = "5" };
}
