using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Domain.Settings;

namespace Infra.Domain.Configuration;

/// <summary>A slot's services as deployed, written the way infra:services reads, so the stack reads them back unchanged.</summary>
public static class PinnedServicesJson
{
    private static readonly JsonSerializerOptions Options = new(SettingsJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(IReadOnlyList<ServiceSettings> services) => JsonSerializer.Serialize(services, Options);
}
