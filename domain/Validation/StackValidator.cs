using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// Runs every rule and reports every problem at once, before any resource is registered. The tree
/// is checked first (no empty entries, unique names); the other rules run only on a sound tree.
/// </summary>
public static class StackValidator
{
    public static readonly IReadOnlyList<IValidationRule> TreeRules =
    [
        new WellFormedRule(),
        new NamingRule(),
    ];

    public static readonly IReadOnlyList<IValidationRule> Rules =
    [
        new EnvironmentRule(),
        new ServerRule(),
        new PortRangeRule(),
        new PublishedPortRule(),
        new RouteRule(),
        new HealthCheckRule(),
        new ContainerInputRule(),
        new ImagePinningRule(),
        new ReleaseRule(),
        new DependencyRule(),
        new AccessoryExposureRule(),
        new SecretRule(),
        new BackupRule(),
        new EdgeRule(),
        new TlsRule(),
        new MonitoringRule(),
        new PinnedSlotRule(),
    ];

    public static IReadOnlyList<ConfigError> Validate(StackSettings settings, IStackConfig config)
    {
        // Each tree rule relies on the ones before it (names are compared only once none is null).
        foreach (var rule in TreeRules)
        {
            var tree = rule.Check(settings, config).ToList();
            if (tree.Count > 0)
            {
                return tree;
            }
        }

        return Rules.SelectMany(rule => rule.Check(settings, config)).ToList();
    }
}
