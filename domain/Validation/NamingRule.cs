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
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            foreach (var error in CheckName(settings.Accessories[i].Name, ConfigKeys.Accessory(i, "name"), seen))
            {
                yield return error;
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> can be a service, accessory, volume or task name (it becomes part of Docker names).</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

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
