namespace Infra.Domain.Settings;

/// <summary>One web service or worker. The image comes from the release; this is its contract.</summary>
public sealed record ServiceSettings
{
    public string Name { get; init; } = "";

    /// <summary>Image repository without tag or digest; each release pins it by digest.</summary>
    public string Image { get; init; } = "";

    /// <summary>The fixed port the container listens on. Null for workers that listen on nothing.</summary>
    public int? Port { get; init; }

    /// <summary>Optional port published on the host (loopback by default); most services need none.</summary>
    public int? HostPort { get; init; }

    public string? HealthPath { get; init; }

    /// <summary>Health command for workers without a port, run inside the container.</summary>
    public IReadOnlyList<string>? HealthCommand { get; init; }

    public RouteSettings? Route { get; init; }

    /// <summary>Overrides the image's command; the image's own when empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variable name → config key of the Pulumi secret that provides it.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public int MemoryMb { get; init; } = 512;
    public string Restart { get; init; } = RestartPolicies.UnlessStopped;
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public IReadOnlyList<VolumeMountSettings> Volumes { get; init; } = [];
    public IReadOnlyList<ReleaseTaskSettings> ReleaseTasks { get; init; } = [];

    /// <summary>
    /// Seconds a new container of the service has to become ready (its health path answering 2xx, or its
    /// healthCommand healthy) before the update fails; within <see cref="Hosting.ReadinessProbe.MinSeconds"/>
    /// to <see cref="Hosting.ReadinessProbe.MaxSeconds"/>.
    /// </summary>
    public int ReadyTimeoutSeconds { get; init; } = Hosting.ReadinessProbe.DeadlineSeconds;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool ListensOnPort => Port is not null;
}

public static class RestartPolicies
{
    public const string UnlessStopped = "unless-stopped";
    public const string OnFailure = "on-failure";
    public const string Always = "always";

    public static readonly IReadOnlyList<string> All = [UnlessStopped, OnFailure, Always];
}
