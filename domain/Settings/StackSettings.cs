namespace Infra.Domain.Settings;

/// <summary>Everything one stack's configuration says, read once and validated before any resource exists.</summary>
public sealed record StackSettings
{
    public required string StackName { get; init; }
    public required DeploymentEnvironment Environment { get; init; }
    public required ServerSettings Server { get; init; }
    public IReadOnlyList<ServiceSettings> Services { get; init; } = [];
    public IReadOnlyList<AccessorySettings> Accessories { get; init; } = [];
    public required ReleaseSettings Release { get; init; }
    public ProxySettings Proxy { get; init; } = new();
    public EdgeSettings? Edge { get; init; }
    public TlsSettings? Tls { get; init; }
    public BackupSettings? Backup { get; init; }
    public MonitoringSettings? Monitoring { get; init; }

    public bool IsCloud => Environment != DeploymentEnvironment.Local;

    /// <summary>The services a slot runs: the settings pinned in it when it has them, otherwise the stack's.</summary>
    public IReadOnlyList<ServiceSettings> ServicesIn(string slot) => Release.For(slot)?.Services ?? Services;

    /// <summary>
    /// The secret config key holding the values a slot was deployed with, as a JSON map; null for a slot
    /// that is not pinned, whose containers take the stack's own secrets.
    /// </summary>
    public string? PinnedSecretsKey(string slot) => Release.For(slot) is { IsPinned: true } ? Configuration.ConfigKeys.SlotSecrets(slot) : null;
}
