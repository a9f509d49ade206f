using System.Text.Json;

namespace Infra.Domain.Configuration;

/// <summary>
/// The configuration the Pulumi CLI passes to a program (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS,
/// PULUMI_STACK). Read directly so the stack can be validated before the deployment starts.
/// </summary>
public sealed class PulumiEnvironmentConfig : IStackConfig
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly IReadOnlySet<string> _secretKeys;
    private readonly Func<string, string?> _environment;

    public PulumiEnvironmentConfig(Func<string, string?> environment)
    {
        _environment = environment;
        StackName = environment("PULUMI_STACK") ?? "";
        _values = ParseObject(environment("PULUMI_CONFIG"));
        _secretKeys = ParseArray(environment("PULUMI_CONFIG_SECRET_KEYS")).ToHashSet(StringComparer.Ordinal);
    }

    public static PulumiEnvironmentConfig FromProcess() => new(System.Environment.GetEnvironmentVariable);

    public string StackName { get; }

    public ConfigValue? Get(string key)
    {
        var full = ConfigKeys.Full(key);
        return _values.TryGetValue(full, out var text) ? new ConfigValue(text, _secretKeys.Contains(full)) : null;
    }

    public bool HasEnvironmentVariable(string name) => !string.IsNullOrEmpty(_environment(name));

    private static Dictionary<string, string> ParseObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }

    private static string[] ParseArray(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
