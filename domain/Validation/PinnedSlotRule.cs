using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// A slot that carries its own settings is checked by the same rules as infra:services (a hand edit
/// of it gets the same report, at its own key), and its secret values are all there and not empty.
/// </summary>
public sealed class PinnedSlotRule : IValidationRule
{
    private static readonly string ServicesPrefix = ConfigKeys.Full(ConfigKeys.Services) + "[";

    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var errors = new List<ConfigError>();
        foreach (var slot in Slots.All)
        {
            if (settings.Release.For(slot) is not { IsPinned: true, IsEmpty: false } release)
            {
                continue;
            }

            var slotKey = ConfigKeys.Full(ConfigKeys.SlotServices(slot)) + "[";
            var asDeployed = settings with
            {
                Services = release.Services!,
                Release = settings.Release with { Slots = settings.Release.Slots.ToDictionary(s => s.Key, s => s.Value with { Services = null }) },
            };
            errors.AddRange(StackValidator.Validate(asDeployed, new WithoutSecrets(config))
                .Where(e => e.Key.StartsWith(ServicesPrefix, StringComparison.Ordinal))
                .Select(e => e with { Key = slotKey + e.Key[ServicesPrefix.Length..] }));
            errors.AddRange(CheckSecrets(slot, release.Services!, config, settings.StackName));
        }

        return errors;
    }

    /// <summary>The config keys whose values the slot's containers and release tasks receive.</summary>
    public static IReadOnlyList<string> SecretKeys(IEnumerable<ServiceSettings> services) =>
        services.SelectMany(s => s.Secrets.Values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<ConfigError> CheckSecrets(string slot, IReadOnlyList<ServiceSettings> services, IStackConfig config, string stack)
    {
        var key = ConfigKeys.SlotSecrets(slot);
        var needed = SecretKeys(services);
        var value = config.Get(key);
        var redeploy = $"deploy the slot again with `release deploy` (it copies the stack's secrets into {ConfigKeys.Full(key)})";
        if (value is null)
        {
            if (needed.Count > 0)
            {
                yield return new ConfigError(ConfigKeys.Full(key), $"slot '{slot}' pins services that need secrets ({string.Join(", ", needed)}), but their deployed values are not set; {redeploy}");
            }

            yield break;
        }

        if (!value.IsSecret)
        {
            yield return new ConfigError(ConfigKeys.Full(key), $"the secret values of slot '{slot}' are stored in plain text; remove the key and {redeploy} on stack '{stack}'");
            yield break;
        }

        if (!SecretValues.TryParse(value.Text, out var values))
        {
            // A source that hides secret values can only tell that they are there.
            if (value.Text != SecretValues.Hidden)
            {
                yield return new ConfigError(ConfigKeys.Full(key), $"is not a map from config key to value; {redeploy}");
            }

            yield break;
        }

        foreach (var missing in needed.Where(k => !values.ContainsKey(k)))
        {
            yield return new ConfigError($"{ConfigKeys.Full(key)}.{missing}", $"slot '{slot}' has no deployed value for secret '{missing}'; {redeploy}");
        }

        foreach (var empty in needed.Where(k => values.TryGetValue(k, out var v) && string.IsNullOrWhiteSpace(v)))
        {
            yield return new ConfigError($"{ConfigKeys.Full(key)}.{empty}", $"the deployed value of secret '{empty}' in slot '{slot}' is empty; an empty secret counts as not set");
        }
    }

    /// <summary>The stack's secrets are not what a pinned slot runs with, so only its own are checked (above).</summary>
    private sealed class WithoutSecrets(IStackConfig inner) : IStackConfig
    {
        public string StackName => inner.StackName;

        public ConfigValue? Get(string key) => inner.Get(key) is { IsSecret: true } ? null : inner.Get(key);

        public bool HasEnvironmentVariable(string name) => inner.HasEnvironmentVariable(name);
    }
}
