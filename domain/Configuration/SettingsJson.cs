using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Domain.Configuration;

/// <summary>
/// Web defaults so camelCase keys bind; unknown keys are errors so a misspelt setting
/// (say <c>heathPath</c>) cannot silently fall back to a default.
/// </summary>
internal static class SettingsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // `env: null` is a report by key, not a null deep inside the program.
        RespectNullableAnnotations = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}
