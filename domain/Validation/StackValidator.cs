using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Runs every rule and reports every problem at once, before any resource is registered.</summary>
public static class StackValidator
{
    public static readonly IReadOnlyList<IValidationRule> Rules =
    [
        new EnvironmentRule(),
        new NamingRule(),
        new ServerRule(),
        new PortRangeRule(),
        new PublishedPortRule(),
        new RouteRule(),
        new HealthCheckRule(),
        new ImagePinningRule(),
        new ReleaseRule(),
        new DependencyRule(),
        new AccessoryExposureRule(),
        new SecretRule(),
        new BackupRule(),
        new EdgeRule(),
    ];

    public static IReadOnlyList<ConfigError> Validate(StackSettings settings, IStackConfig config) =>
        Rules.SelectMany(rule => rule.Check(settings, config)).ToList();
}
