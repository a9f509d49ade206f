using System.Text.Json.Nodes;
using Infra.Domain.Configuration;

namespace Infra.Bench;

/// <summary>The repo's prod stack with its services replaced by N generated ones, as PULUMI_CONFIG.</summary>
internal static class ProdWithServices
{
    public static (Dictionary<string, string> Config, List<string> SecretKeys) Build(string repoRoot, int services)
    {
        var file = StackFileConfig.Load(Path.Combine(repoRoot, "Pulumi.prod.yaml"));
        var config = new Dictionary<string, string>();
        foreach (var key in file.Keys)
        {
            config[key] = file.Get(key)!.Text;
        }

        var list = new JsonArray();
        var images = new JsonObject();
        for (var i = 0; i < services; i++)
        {
            var name = $"svc{i:D3}";
            list.Add(new JsonObject
            {
                ["name"] = name,
                ["image"] = $"ghcr.io/acme/{name}",
                ["port"] = 3000,
                ["healthPath"] = "/health",
                ["route"] = new JsonObject { ["pathPrefix"] = $"/{name}" },
                ["secrets"] = new JsonObject { ["DATABASE_PASSWORD"] = "dbPassword" },
                ["dependsOn"] = new JsonArray("db", "cache"),
            });
            images[name] = $"ghcr.io/acme/{name}@sha256:{i:x64}";
        }

        config["infra:services"] = list.ToJsonString();
        config["infra:release"] = new JsonObject
        {
            ["activeSlot"] = "blue",
            ["slots"] = new JsonObject { ["blue"] = new JsonObject { ["version"] = "bench", ["images"] = images } },
        }.ToJsonString();

        string[] secrets = ["infra:dbPassword", "infra:cachePassword", "infra:resticPassword", "digitalocean:token", "cloudflare:apiToken"];
        foreach (var key in secrets)
        {
            config[key] = "bench-secret";
        }

        return (config, [.. secrets]);
    }
}
