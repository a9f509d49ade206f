namespace Infra.Domain.Configuration;

/// <summary>Read-only view of one stack's configuration, keyed without the project namespace.</summary>
public interface IStackConfig
{
    string StackName { get; }

    ConfigValue? Get(string key);

    /// <summary>Whether a provider credential can be found in the environment (e.g. DIGITALOCEAN_TOKEN).</summary>
    bool HasEnvironmentVariable(string name);
}
