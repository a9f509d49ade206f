using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Domain.Settings;

namespace Infra.Domain.Configuration;

/// <summary>Turns raw stack configuration into typed settings, collecting every shape error by key.</summary>
public static partial class StackSettingsReader
{
    public static (StackSettings? Settings, IReadOnlyList<ConfigError> Errors) Read(IStackConfig config)
    {
        var errors = new List<ConfigError>();

        var environment = ReadEnvironment(config, errors);
        var server = ReadRequired<ServerSettings>(config, ConfigKeys.Server, errors);
        var services = ReadOptional<List<ServiceSettings>>(config, ConfigKeys.Services, errors) ?? [];
        var accessories = ReadOptional<List<AccessorySettings>>(config, ConfigKeys.Accessories, errors) ?? [];
        var release = ReadRequired<ReleaseSettings>(config, ConfigKeys.Release, errors);
        release = WithPinnedServices(release, config, errors);
        var proxy = ReadOptional<ProxySettings>(config, ConfigKeys.Proxy, errors) ?? new ProxySettings();
        var edge = ReadOptional<EdgeSettings>(config, ConfigKeys.Edge, errors);
        var tls = ReadOptional<TlsSettings>(config, ConfigKeys.Tls, errors);
        var backup = ReadOptional<BackupSettings>(config, ConfigKeys.Backup, errors);
        var monitoring = ReadOptional<MonitoringSettings>(config, ConfigKeys.Monitoring, errors);

        if (environment is null || server is null || release is null || errors.Count > 0)
        {
            return (null, errors);
        }

        var settings = new StackSettings
        {
            StackName = config.StackName,
            Environment = environment.Value,
            Server = server,
            Services = services,
            Accessories = accessories,
            Release = release,
            Proxy = proxy,
            Edge = edge,
            Tls = tls,
            Backup = backup,
            Monitoring = monitoring,
        };
        return (settings, errors);
    }

    /// <summary>Each slot's services as deployed, from the key `release deploy` keeps them in.</summary>
    private static ReleaseSettings? WithPinnedServices(ReleaseSettings? release, IStackConfig config, List<ConfigError> errors)
    {
        var slots = release is null ? new Dictionary<string, SlotRelease>() : new Dictionary<string, SlotRelease>(release.Slots, StringComparer.Ordinal);
        foreach (var slot in Slots.All)
        {
            if (ReadOptional<List<ServiceSettings>>(config, ConfigKeys.SlotServices(slot), errors) is not { } services)
            {
                continue;
            }

            if (!slots.TryGetValue(slot, out var slotRelease) || slotRelease is null)
            {
                errors.Add(new ConfigError(ConfigKeys.Full(ConfigKeys.SlotServices(slot)), $"pins services for slot '{slot}', which holds no release; remove it (`release deploy` writes both)"));
                continue;
            }

            slots[slot] = slotRelease with { Services = services };
        }

        return release is null ? null : release with { Slots = slots };
    }

    private static DeploymentEnvironment? ReadEnvironment(IStackConfig config, List<ConfigError> errors)
    {
        var key = ConfigKeys.Full(ConfigKeys.Environment);
        var value = config.Get(ConfigKeys.Environment)?.Text;
        if (value is null)
        {
            errors.Add(new ConfigError(key, $"is not set; set it to {DeploymentEnvironments.Choices}"));
            return null;
        }

        if (DeploymentEnvironments.Parse(value) is { } environment)
        {
            return environment;
        }

        errors.Add(new ConfigError(key, $"'{value}' is not an environment; use {DeploymentEnvironments.Choices}"));
        return null;
    }

    private static T? ReadRequired<T>(IStackConfig config, string key, List<ConfigError> errors)
        where T : class
    {
        if (config.Get(key) is null)
        {
            errors.Add(new ConfigError(ConfigKeys.Full(key), "is not set; every stack needs it"));
            return null;
        }

        return ReadOptional<T>(config, key, errors);
    }

    private static T? ReadOptional<T>(IStackConfig config, string key, List<ConfigError> errors)
        where T : class
    {
        var value = config.Get(key);
        if (value is null)
        {
            return null;
        }

        try
        {
            var result = JsonSerializer.Deserialize<T>(value.Text, SettingsJson.Options);
            if (result is null)
            {
                errors.Add(new ConfigError(ConfigKeys.Full(key), "is empty; remove the key or give it a value"));
            }

            return result;
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError(ConfigKeys.Full(key) + (e.Path ?? "$").TrimStart('$'), Explain(e)));
            return null;
        }
    }

    private static string Explain(JsonException e)
    {
        var message = e.Message;
        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
        {
            return $"'{unknown.Groups[1].Value}' is not a known setting; check its spelling";
        }

        var missing = MissingRequired().Match(message);
        if (missing.Success)
        {
            return $"is missing required properties: {missing.Groups[1].Value}";
        }

        var wrongType = WrongType().Match(message);
        if (wrongType.Success)
        {
            return $"has the wrong type; expected {Describe(wrongType.Groups[1].Value)}";
        }

        return "is not valid: " + message.Split(" Path:")[0];
    }

    private static string Describe(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("AccessoryKind", StringComparison.Ordinal) => "one of postgres, mysql, mariadb, redis",
        _ when typeName.Contains("List", StringComparison.Ordinal) => "a list",
        _ when typeName.Contains("Dictionary", StringComparison.Ordinal) => "a map",
        _ when typeName.Contains("String", StringComparison.Ordinal) => "a string (quote it)",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("missing required properties including: (.+?)\\.?( Path|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("could not be converted to ([^.]+(?:\\.[^ .]+)*)\\.")]
    private static partial Regex WrongType();
}
