using Infra.Domain.Proxy;

namespace Infra.Domain.Hosting;

/// <summary>The bash HTTP helpers (Templates/http.sh) that the readiness probe and the switch script include.</summary>
internal static class HttpTools
{
    /// <summary>Header names are matched lowercased: the script lowercases each response line.</summary>
    public static string Script => Template.Fill("Hosting/http.sh", new Dictionary<string, string>
    {
        ["slotHeader"] = HaproxyConfig.SlotHeader.ToLowerInvariant(),
    }).TrimEnd('\n');
}
