namespace Infra.Release.Tests.Support;

/// <summary>Release files for the staging stack (services web, api, worker).</summary>
public static class TestReleases
{
    public const string WebV2 = "ghcr.io/acme/web@sha256:2222222222222222222222222222222222222222222222222222222222222222";
    public const string ApiV2 = "ghcr.io/acme/api@sha256:3333333333333333333333333333333333333333333333333333333333333333";

    public static string V2Yaml => $"""
        version: 2026.11.22-1
        images:
          web: {WebV2}
          api: {ApiV2}
          worker: {ApiV2}
        """;

    /// <summary>Green holds 2026.11.22-1 alongside blue's 2026.11.20-1 from the stack file.</summary>
    public static void DeployV2ToGreen(FakeStackEngine engine) => engine.SetRelease(release =>
        release["slots"]!["green"] = new System.Text.Json.Nodes.JsonObject
        {
            ["version"] = "2026.11.22-1",
            ["images"] = new System.Text.Json.Nodes.JsonObject { ["web"] = WebV2, ["api"] = ApiV2, ["worker"] = ApiV2 },
        });
}
