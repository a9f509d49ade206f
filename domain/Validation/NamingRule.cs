using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Names become container and DNS names: unique, lowercase, short.</summary>
public sealed partial class NamingRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Services.Count; i++)
        {
            foreach (var error in CheckName(settings.Services[i].Name, ConfigKeys.Service(i, "name"), seen))
            {
                yield return error;
            }

            var service = settings.Services[i];
            if (service.MemoryMb is < 16 or > 262144)
            {
                yield return new ConfigError(ConfigKeys.Service(i, "memoryMb"), $"service '{service.Name}' memory limit {service.MemoryMb} MiB is outside 16-262144");
            }

            if (!RestartPolicies.All.Contains(service.Restart))
            {
                yield return new ConfigError(ConfigKeys.Service(i, "restart"), $"'{service.Restart}' is not a restart policy; use {string.Join(", ", RestartPolicies.All)}");
            }
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            foreach (var error in CheckName(settings.Accessories[i].Name, ConfigKeys.Accessory(i, "name"), seen))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<ConfigError> CheckName(string name, string key, Dictionary<string, string> seen)
    {
        if (!ValidName().IsMatch(name))
        {
            yield return new ConfigError(key, $"'{name}' is not a valid name; use lowercase letters, digits and '-', starting with a letter, at most 40 characters");
        }
        else if (seen.TryGetValue(name, out var other))
        {
            yield return new ConfigError(key, $"'{name}' is already used by {other}; names must be unique across services and accessories");
        }
        else
        {
            seen[name] = key;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex ValidName();
}
