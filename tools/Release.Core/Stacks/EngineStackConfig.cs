using Infra.Domain.Configuration;
using Infra.Release.Engine;

namespace Infra.Release.Stacks;

/// <summary>The engine's config entries seen as the domain's <see cref="IStackConfig"/>, so the domain validates them.</summary>
public sealed class EngineStackConfig(
    string stackName,
    IReadOnlyDictionary<string, ConfigEntry> entries,
    Func<string, string?> environment) : IStackConfig
{
    public string StackName { get; } = stackName;

    public ConfigValue? Get(string key) =>
        entries.TryGetValue(ConfigKeys.Full(key), out var entry) ? new ConfigValue(entry.Value, entry.IsSecret) : null;

    public bool HasEnvironmentVariable(string name) => !string.IsNullOrEmpty(environment(name));

    /// <summary>The same config after <paramref name="writes"/>, applied as the engine applies them (paths into structured values).</summary>
    public EngineStackConfig With(IReadOnlyList<ConfigWrite> writes)
    {
        var copy = new Dictionary<string, ConfigEntry>(entries, StringComparer.Ordinal);
        foreach (var write in writes)
        {
            ConfigPaths.Apply(copy, write);
        }

        return new EngineStackConfig(StackName, copy, environment);
    }

    /// <summary>The same config with a secret set whose value is not known here.</summary>
    public EngineStackConfig WithHiddenSecret(string key)
    {
        var copy = new Dictionary<string, ConfigEntry>(entries, StringComparer.Ordinal) { [ConfigKeys.Full(key)] = ConfigEntry.Secret() };
        return new EngineStackConfig(StackName, copy, environment);
    }
}
