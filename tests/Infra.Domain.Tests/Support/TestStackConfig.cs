using System.Text.Json.Nodes;
using Infra.Domain.Configuration;
using Infra.Domain.Validation;

namespace Infra.Domain.Tests.Support;

/// <summary>
/// An in-memory stack configuration that starts valid, so each test breaks exactly one thing.
/// Values are JSON, as Pulumi hands structured config to a program.
/// </summary>
public sealed class TestStackConfig : IStackConfig
{
    private readonly Dictionary<string, (string Text, bool Secret)> _plain = [];
    private readonly HashSet<string> _environment = [];

    public TestStackConfig(string stackName, string environment)
    {
        StackName = stackName;
        Environment = environment;
    }

    public string StackName { get; }
    public string Environment { get; set; }
    public JsonObject Server { get; set; } = new();
    public JsonArray Services { get; set; } = [];
    public JsonArray Accessories { get; set; } = [];
    public JsonObject Release { get; set; } = new();
    public JsonObject? Proxy { get; set; }
    public JsonObject? Edge { get; set; }
    public JsonObject? Tls { get; set; }
    public JsonObject? Backup { get; set; }
    public JsonObject? Monitoring { get; set; }

    public JsonObject Service(string name) => Services.OfType<JsonObject>().Single(s => (string?)s["name"] == name);

    public JsonObject Accessory(string name) => Accessories.OfType<JsonObject>().Single(s => (string?)s["name"] == name);

    public JsonObject Slot(string slot) => Release["slots"]![slot]!.AsObject();

    public TestStackConfig WithSecret(string key) => Set(key, "s3cr3t", secret: true);

    public TestStackConfig WithSecret(string key, string value) => Set(key, value, secret: true);

    /// <summary>Pins a slot as `release deploy` leaves it: the current services, and every secret they name with a value.</summary>
    public TestStackConfig Pinned(string slot)
    {
        WithPlain($"{slot}SlotServices", Services.ToJsonString());
        var keys = Services.OfType<JsonObject>().SelectMany(s => s["secrets"]?.AsObject().Select(kv => (string)kv.Value!) ?? []).Distinct();
        return WithSecret($"{slot}SlotSecrets", SecretValues.Write(keys.ToDictionary(k => k, k => $"deployed-{k}")));
    }

    public TestStackConfig WithPlain(string key, string value) => Set(key, value, secret: false);

    public TestStackConfig Without(string key)
    {
        _plain.Remove(ConfigKeys.Full(key));
        return this;
    }

    public TestStackConfig WithEnvironmentVariable(string name)
    {
        _environment.Add(name);
        return this;
    }

    public ConfigValue? Get(string key)
    {
        var full = ConfigKeys.Full(key);
        JsonNode? node = full switch
        {
            "infra:server" => Server,
            "infra:services" => Services,
            "infra:accessories" => Accessories,
            "infra:release" => Release,
            "infra:proxy" => Proxy,
            "infra:edge" => Edge,
            "infra:tls" => Tls,
            "infra:backup" => Backup,
            "infra:monitoring" => Monitoring,
            _ => null,
        };
        if (full == "infra:environment")
        {
            return new ConfigValue(Environment, false);
        }

        if (node is not null)
        {
            return new ConfigValue(node.ToJsonString(), false);
        }

        return _plain.TryGetValue(full, out var value) ? new ConfigValue(value.Text, value.Secret) : null;
    }

    public bool HasEnvironmentVariable(string name) => _environment.Contains(name);

    public StackConfiguration Load() => StackConfiguration.Load(this);

    /// <summary>The messages of all problems, as "key: message".</summary>
    public IReadOnlyList<string> Problems() => Load().Errors.Select(e => e.ToString()).ToList();

    private TestStackConfig Set(string key, string value, bool secret)
    {
        _plain[ConfigKeys.Full(key)] = (value, secret);
        return this;
    }
}
