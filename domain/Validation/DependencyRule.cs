using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Dependencies name real services or accessories and never loop, so start order exists.</summary>
public sealed class DependencyRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var services = settings.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var accessories = settings.Accessories.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < settings.Services.Count; i++)
        {
            var service = settings.Services[i];
            foreach (var dependency in service.DependsOn.Where(d => !services.Contains(d) && !accessories.Contains(d)))
            {
                yield return new ConfigError(ConfigKeys.Service(i, "dependsOn"), $"service '{service.Name}' depends on '{dependency}', which is neither a service nor an accessory");
            }
        }

        foreach (var cycle in DependencyGraph.FindCycles(settings.Services))
        {
            var index = settings.Services.ToList().FindIndex(s => s.Name == cycle[0]);
            yield return new ConfigError(ConfigKeys.Service(index, "dependsOn"), $"services depend on each other in a cycle: {string.Join(" -> ", cycle)}; nothing in it could start first");
        }
    }
}
