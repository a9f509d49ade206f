using System.Text.Json;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Release.Engine;

namespace Infra.Release.Releases;

/// <summary>Reads the release and service settings out of a raw config (e.g. the config a past update used).</summary>
public static class ReleaseConfig
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static readonly string ReleaseKey = ConfigKeys.Full(ConfigKeys.Release);

    public static ReleaseSettings? Release(IReadOnlyDictionary<string, ConfigEntry> config) =>
        Read<ReleaseSettings>(config, ReleaseKey);

    public static IReadOnlyList<ServiceSettings> Services(IReadOnlyDictionary<string, ConfigEntry> config) =>
        Read<List<ServiceSettings>>(config, ConfigKeys.Full(ConfigKeys.Services)) ?? [];

    /// <summary>The services a slot was deployed with, or null when the slot had none pinned.</summary>
    public static IReadOnlyList<ServiceSettings>? SlotServices(IReadOnlyDictionary<string, ConfigEntry> config, string slot) =>
        Read<List<ServiceSettings>>(config, ConfigKeys.Full(ConfigKeys.SlotServices(slot)));

    private static T? Read<T>(IReadOnlyDictionary<string, ConfigEntry> config, string key)
        where T : class
    {
        if (!config.TryGetValue(key, out var entry) || entry.IsSecret)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(entry.Value, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
