using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Names become container and DNS names: unique, lowercase, short.</summary>
public sealed partial class NamingRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        foreach (var error in CheckStackName(settings.StackName))
        {
            yield return error;
        }

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

    /// <summary>The key under which a problem with the stack's own name is reported (it is no config key).</summary>
    public const string StackNameKey = "stack name";

    /// <summary>
    /// A stack's name starts every Docker name of the stack (<see cref="Hosting.DockerNames"/>): it may not
    /// hold the separator, or two stacks on one engine could give the same name; and Docker accepts only
    /// letters, digits, '.', '-' (and the separator), starting with a letter or digit.
    /// </summary>
    public static IEnumerable<ConfigError> CheckStackName(string stack)
    {
        if (stack.Contains(Hosting.DockerNames.Separator, StringComparison.Ordinal))
        {
            yield return new ConfigError(StackNameKey, $"stack '{stack}' holds '{Hosting.DockerNames.Separator}', which separates the stack from the name in every Docker name (<stack>{Hosting.DockerNames.Separator}<name>), so two stacks on one engine could collide; rename the stack without it (`pulumi stack rename`), e.g. '{stack.Replace(Hosting.DockerNames.Separator, '-')}'");
        }
        else if (!StackName().IsMatch(stack))
        {
            yield return new ConfigError(StackNameKey, $"stack '{stack}' cannot start Docker names; use letters, digits, '.' and '-', starting with a letter or digit, at most 60 characters");
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

    // No '_' (DockerNames.Separator) and no '.', so the separator never appears in a name.
    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,59}$")]
    private static partial Regex StackName();
}
