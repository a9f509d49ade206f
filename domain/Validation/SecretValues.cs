using System.Text.Json;

namespace Infra.Domain.Validation;

/// <summary>The JSON map a slot's secret values are kept in: config key → value.</summary>
public static class SecretValues
{
    /// <summary>What a config source that never decrypts shows for a secret.</summary>
    public const string Hidden = "[secret]";

    public static bool TryParse(string text, out IReadOnlyDictionary<string, string> values)
    {
        values = new Dictionary<string, string>();
        try
        {
            if (JsonSerializer.Deserialize<Dictionary<string, string?>>(text) is not { } map || map.Values.Any(v => v is null))
            {
                return false;
            }

            values = map!;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Write(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(values.ToDictionary(), StringComparer.Ordinal));
}
