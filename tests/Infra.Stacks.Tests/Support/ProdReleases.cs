using System.Text.Json.Nodes;

namespace Infra.Stacks.Tests.Support;

/// <summary>Numbered releases of the prod stack's services, each image pinned by a digest of its own.</summary>
public static class ProdReleases
{
    public static string Digest(int release, string service) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{release}/{service}")));

    /// <summary>Release <paramref name="number"/> as infra:release.slots.&lt;slot&gt; holds it.</summary>
    public static JsonObject Release(int number) => new()
    {
        ["version"] = $"2026.12.{number}",
        ["images"] = new JsonObject
        {
            ["web"] = $"ghcr.io/acme/web@{Digest(number, "web")}",
            ["api"] = $"ghcr.io/acme/api@{Digest(number, "api")}",
            ["worker"] = $"ghcr.io/acme/api@{Digest(number, "api")}",
        },
    };
}
