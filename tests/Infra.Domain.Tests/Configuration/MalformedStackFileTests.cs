using System.Text.Json.Nodes;
using Infra.Domain.Backups;
using Infra.Domain.Configuration;
using Infra.Domain.Containers;
using Infra.Domain.Environments;
using Infra.Domain.Proxy;
using Infra.Domain.Releases;
using Infra.Domain.Servers;
using Infra.Domain.Settings;
using Infra.Domain.Validation;

namespace Infra.Domain.Tests.Configuration;

/// <summary>
/// Every stack file of the repo, with every value in it broken in every way a person can type:
/// null, empty, the wrong type, a list entry repeated, a setting left out. Each gets either a
/// valid stack, which every planner and renderer then takes without throwing, or a report by
/// config key; never an exception.
/// </summary>
public class MalformedStackFileTests
{
    private static readonly string[] StructuredKeys =
        [ConfigKeys.Server, ConfigKeys.Services, ConfigKeys.Accessories, ConfigKeys.Release, ConfigKeys.Proxy, ConfigKeys.Edge, ConfigKeys.Tls, ConfigKeys.Backup, ConfigKeys.Monitoring, ConfigKeys.SlotServices(Slots.Blue)];

    public static TheoryData<string> StackFiles() =>
        new(Directory.GetFiles(RepoFiles.Root, "Pulumi.*.yaml")
            .Concat(Directory.GetFiles(RepoFiles.Path("tests", "workloads"), "Pulumi.*.yaml"))
            .Where(f => Path.GetFileName(f) != "Pulumi.yaml")
            .Select(f => Path.GetRelativePath(RepoFiles.Root, f))
            .Order());

    [Theory]
    [MemberData(nameof(StackFiles))]
    public void Every_broken_value_gets_a_report_by_key_or_a_stack_every_planner_takes(string file)
    {
        var original = Pinned(StackFileConfig.Load(Path.Combine(RepoFiles.Root, file)));
        Assert.True(StackConfiguration.Load(original).IsValid, string.Join("; ", StackConfiguration.Load(original).Errors));

        var tried = 0;
        var planned = 0;
        foreach (var (description, broken) in Mutations(original))
        {
            tried++;
            StackConfiguration loaded;
            try
            {
                loaded = StackConfiguration.Load(broken);
                if (loaded.IsValid)
                {
                    PlanEverything(loaded.Settings!);
                    planned++;
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"{file}, {description}: {e.GetType().Name}: {e.Message}");
                return;
            }

            Assert.True(loaded.IsValid || loaded.Errors.Count > 0, $"{file}, {description}: invalid but no report");
            Assert.All(loaded.Errors, error => Assert.Matches("^[a-z]+:[A-Za-z]", error.Key));
        }

        Assert.True(tried > 100, $"only {tried} mutations of {file}");
        // Some breakages are harmless (an optional setting left out); those stacks went through every planner.
        Assert.InRange(planned, 1, tried - 1);
    }

    [Fact]
    public void Two_services_with_one_name_are_a_report_not_a_crash()
    {
        var config = Pinned(StackFileConfig.Load(RepoFiles.Path("Pulumi.prod.yaml")));
        var services = JsonNode.Parse(config.Get(ConfigKeys.Services)!.Text)!.AsArray();
        services.Add(services[0]!.DeepClone());

        var loaded = StackConfiguration.Load(config.With(ConfigKeys.Services, services.ToJsonString()));

        Assert.Contains("infra:services[3].name: 'web' is already used by infra:services[0].name; names must be unique across services and accessories", loaded.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_null_entry_and_a_null_value_are_named_by_key()
    {
        var config = Pinned(StackFileConfig.Load(RepoFiles.Path("Pulumi.prod.yaml")));
        var services = JsonNode.Parse(config.Get(ConfigKeys.Services)!.Text)!.AsArray();
        services[1]!["env"]!.AsObject()["DATABASE_HOST"] = null;
        services.Add(null);

        var errors = StackConfiguration.Load(config.With(ConfigKeys.Services, services.ToJsonString())).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains("infra:services[1].env.DATABASE_HOST: is empty (null); give it a value or remove the entry", errors);
        Assert.Contains("infra:services[3]: is empty (null); give it a value or remove the entry", errors);
    }

    /// <summary>Everything the program derives from valid settings, as it derives it.</summary>
    private static void PlanEverything(StackSettings settings)
    {
        _ = DeploymentPlan.For(settings);
        _ = FirewallPlan.Inbound(settings);
        _ = StackShape.Of(settings);
        _ = PendingChanges.For(settings, _ => "a", _ => "b").Describe(settings.StackName);
        if (settings.Monitoring is { } monitoring)
        {
            _ = Infra.Domain.Monitoring.MonitoringPlan.For(settings, monitoring);
        }
        foreach (var slot in Slots.All)
        {
            _ = ReleaseTaskPlanner.For(settings, slot, "infra-test");
            _ = HaproxyConfig.Render(settings, slot);
            _ = SwitchScript.Render(settings, slot);
        }

        if (Infra.Domain.Tls.OriginTlsPlan.For(settings) is not null)
        {
            _ = Infra.Domain.Tls.TlsScript.Render();
            _ = Infra.Domain.Tls.TlsScript.KeyHostRun(settings, "example.com");
            _ = Infra.Domain.Tls.TlsScript.InstallHostRun(settings);
            _ = Infra.Domain.Tls.TlsScript.SelfSignedHostRun(settings);
            _ = Infra.Domain.Tls.CertificateRenewal.Period(DateTimeOffset.UtcNow, settings.Tls?.ValidityDays ?? 365, settings.Tls?.RenewDaysBefore ?? 30);
        }

        _ = ProxyInstall.Script(settings);
        _ = ProxyInstall.HostRun(settings);
        foreach (var slot in Slots.All)
        {
            _ = SwitchScript.HostRun(settings, slot);
        }
        if (settings.Backup is not null)
        {
            var plan = BackupPlan.For(settings);
            _ = BackupScript.Render(plan);
            _ = RestoreScript.Render(plan);
            _ = BackupInstall.Render(plan, settings.Backup.Schedule, BackupHostLayout.Server);
        }
    }

    /// <summary>The stack with its blue slot pinned (as `release deploy` leaves it) and every secret set.</summary>
    private static MapConfig Pinned(StackFileConfig file)
    {
        var values = file.Keys.ToDictionary(k => k, k => file.Get(k)!, StringComparer.Ordinal);
        values[ConfigKeys.Full(ConfigKeys.SlotServices(Slots.Blue))] = new ConfigValue(values[ConfigKeys.Full(ConfigKeys.Services)].Text, false);
        return new MapConfig(file.StackName, values);
    }

    private static IEnumerable<(string Description, MapConfig Config)> Mutations(MapConfig config)
    {
        yield return ("environment removed", config.Without(ConfigKeys.Environment));
        yield return ("environment wrong", config.With(ConfigKeys.Environment, "production"));
        foreach (var key in StructuredKeys.Where(k => config.Get(k) is not null))
        {
            var root = JsonNode.Parse(config.Get(key)!.Text);
            yield return ($"{key} removed", config.Without(key));
            yield return ($"{key} = null", config.With(key, "null"));
            yield return ($"{key} = \"\"", config.With(key, "\"\""));
            foreach (var (path, replacement) in Replacements(root, ""))
            {
                yield return ($"{key}{path}", config.With(key, replacement));
            }
        }
    }

    /// <summary>Each node of the tree broken in turn; every result is the whole document, as JSON.</summary>
    private static IEnumerable<(string Path, string Json)> Replacements(JsonNode? root, string unused)
    {
        var paths = new List<string>();
        Collect(root, "$", paths);
        foreach (var path in paths)
        {
            foreach (var (what, value) in BrokenValues())
            {
                var copy = root!.DeepClone();
                if (Replace(copy, path, value))
                {
                    yield return ($"{path[1..]} = {what}", copy.ToJsonString());
                }
            }

            var removed = root!.DeepClone();
            if (Remove(removed, path))
            {
                yield return ($"{path[1..]} removed", removed.ToJsonString());
            }

            var repeated = root!.DeepClone();
            if (Find(repeated, path) is JsonArray { Count: > 0 } list)
            {
                list.Add(list[0]!.DeepClone());
                yield return ($"{path[1..]} with its first entry twice", repeated.ToJsonString());
            }
        }
    }

    private static IEnumerable<(string What, Func<JsonNode?> Value)> BrokenValues() =>
    [
        ("null", () => null),
        ("\"\"", () => JsonValue.Create("")),
        ("\" \"", () => JsonValue.Create(" ")),
        ("0", () => JsonValue.Create(0)),
        ("-1", () => JsonValue.Create(-1)),
        ("99999999999", () => JsonValue.Create(99999999999L)),
        ("true", () => JsonValue.Create(true)),
        ("a line break", () => JsonValue.Create("a\nb")),
        ("[]", () => new JsonArray()),
        ("[null]", () => new JsonArray((JsonNode?)null)),
        ("{}", () => new JsonObject()),
        ("{x: null}", () => new JsonObject { ["x"] = null }),
        ("../..", () => JsonValue.Create("../..")),
    ];

    private static void Collect(JsonNode? node, string path, List<string> paths)
    {
        paths.Add(path);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Collect(value, $"{path}.{key}", paths);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], $"{path}[{i}]", paths);
                }

                break;
        }
    }

    private static (JsonNode? Parent, string? Key, int Index) Locate(JsonNode root, string path)
    {
        var parts = System.Text.RegularExpressions.Regex.Matches(path, @"\.([^.\[]+)|\[(\d+)\]").Select(m => m.Groups[1].Success ? (Key: m.Groups[1].Value, Index: -1) : (Key: (string?)null, Index: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        if (parts.Count == 0)
        {
            return (null, null, -1);
        }

        JsonNode? parent = root;
        foreach (var part in parts[..^1])
        {
            parent = part.Key is not null ? parent?[part.Key] : parent?[part.Index];
        }

        return (parent, parts[^1].Key, parts[^1].Index);
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var (parent, key, index) = Locate(root, path);
        return parent is null ? (key is null && index < 0 ? root : null) : key is not null ? parent[key] : parent[index];
    }

    private static bool Replace(JsonNode root, string path, Func<JsonNode?> value)
    {
        var (parent, key, index) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj when key is not null:
                obj[key] = value();
                return true;
            case JsonArray array when index >= 0:
                array[index] = value();
                return true;
            default:
                return false;
        }
    }

    private static bool Remove(JsonNode root, string path)
    {
        var (parent, key, index) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj when key is not null:
                return obj.Remove(key);
            case JsonArray array when index >= 0:
                array.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A stack's config as the CLI hands it over, with every secret set (and slots' secret maps present but hidden).</summary>
    private sealed class MapConfig(string stackName, Dictionary<string, ConfigValue> values) : IStackConfig
    {
        public string StackName { get; } = stackName;

        public ConfigValue? Get(string key)
        {
            var full = ConfigKeys.Full(key);
            if (values.TryGetValue(full, out var value))
            {
                return value;
            }

            if (Slots.All.Any(slot => full == ConfigKeys.Full(ConfigKeys.SlotSecrets(slot))))
            {
                return new ConfigValue(SecretValues.Hidden, IsSecret: true);
            }

            var known = StructuredKeys.Append(ConfigKeys.Environment).Append(ConfigKeys.SlotServices(Slots.Green)).Select(ConfigKeys.Full);
            return known.Contains(full) || full == ConfigKeys.Full(ConfigKeys.SshPrivateKey) ? null : new ConfigValue("s3cr3t", IsSecret: true);
        }

        public bool HasEnvironmentVariable(string name) => false;

        public MapConfig With(string key, string json) =>
            new(StackName, new Dictionary<string, ConfigValue>(values, StringComparer.Ordinal) { [ConfigKeys.Full(key)] = new ConfigValue(json, IsSecret: false) });

        public MapConfig Without(string key)
        {
            var copy = new Dictionary<string, ConfigValue>(values, StringComparer.Ordinal);
            copy.Remove(ConfigKeys.Full(key));
            return new MapConfig(StackName, copy);
        }
    }
}
