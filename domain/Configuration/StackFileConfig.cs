using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Domain.Configuration;

/// <summary>
/// A Pulumi.&lt;stack&gt;.yaml file read the way the Pulumi CLI hands it to the program: structured
/// values become JSON. Secure values are never decrypted; only their presence matters here.
/// </summary>
public sealed class StackFileConfig : IStackConfig
{
    private readonly Dictionary<string, ConfigValue> _values;
    private readonly Func<string, string?> _environment;

    private StackFileConfig(string stackName, Dictionary<string, ConfigValue> values, Func<string, string?> environment)
    {
        StackName = stackName;
        _values = values;
        _environment = environment;
    }

    public string StackName { get; }

    public static StackFileConfig Load(string path, Func<string, string?>? environment = null)
    {
        var fileName = Path.GetFileNameWithoutExtension(path);
        var stackName = fileName.StartsWith("Pulumi.", StringComparison.Ordinal) ? fileName["Pulumi.".Length..] : fileName;
        return Parse(stackName, File.ReadAllText(path), environment);
    }

    public static StackFileConfig Parse(string stackName, string yaml, Func<string, string?>? environment = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new StackFileException($"stack file for '{stackName}' is not valid YAML (line {e.Start.Line}): {e.Message}");
        }

        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        if (stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode)
            && configNode is YamlMappingNode config)
        {
            foreach (var (keyNode, valueNode) in config.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                values[key] = ToConfigValue(valueNode);
            }
        }

        return new StackFileConfig(stackName, values, environment ?? (_ => null));
    }

    /// <summary>Every key in the file, with its namespace (e.g. infra:services, digitalocean:token).</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    public ConfigValue? Get(string key) => _values.TryGetValue(ConfigKeys.Full(key), out var value) ? value : null;

    public bool HasEnvironmentVariable(string name) => !string.IsNullOrEmpty(_environment(name));

    private static ConfigValue ToConfigValue(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return new ConfigValue(scalar.Value ?? "", IsSecret: false);
        }

        if (IsSecure(node))
        {
            return new ConfigValue(SecretPlaceholder, IsSecret: true);
        }

        var containsSecret = false;
        var json = ToJson(node, ref containsSecret);
        return new ConfigValue(json?.ToJsonString() ?? "null", containsSecret);
    }

    private const string SecretPlaceholder = Validation.SecretValues.Hidden;

    private static bool IsSecure(YamlNode node) =>
        node is YamlMappingNode map
        && map.Children.Count == 1
        && map.Children.ContainsKey(new YamlScalarNode("secure"));

    private static JsonNode? ToJson(YamlNode node, ref bool containsSecret)
    {
        switch (node)
        {
            case YamlMappingNode map when IsSecure(map):
                containsSecret = true;
                return JsonValue.Create(SecretPlaceholder);
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    obj[((YamlScalarNode)k).Value ?? ""] = ToJson(v, ref containsSecret);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(ToJson(item, ref containsSecret));
                }

                return array;
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "null" or "~" or "")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}

public sealed class StackFileException(string message) : Exception(message);
