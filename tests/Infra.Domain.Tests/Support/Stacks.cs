using System.Text.Json.Nodes;

namespace Infra.Domain.Tests.Support;

/// <summary>Valid starting points: a prod stack on a droplet and a local stack on this machine's engine.</summary>
public static class Stacks
{
    public const string ApiDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string WebDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    public const string PostgresImage = "postgres:16.4@sha256:3333333333333333333333333333333333333333333333333333333333333333";
    public const string RedisImage = "redis:7.4@sha256:4444444444444444444444444444444444444444444444444444444444444444";

    public static TestStackConfig Prod() => Cloud("prod", "prod");

    public static TestStackConfig Staging() => Cloud("staging", "staging");

    public static TestStackConfig Cloud(string stack, string environment)
    {
        var config = new TestStackConfig(stack, environment)
        {
            Server = Obj("""
                { "provider": "digitalocean", "region": "fra1", "size": "s-2vcpu-4gb", "image": "debian-12-x64",
                  "sshKeys": ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
                  "adminCidrs": ["203.0.113.7/32"], "dataVolumeGb": 50, "dropletBackups": true }
                """),
            Services = Arr("""
                [
                  { "name": "web", "image": "ghcr.io/acme/web", "port": 3000, "healthPath": "/health",
                    "route": { "pathPrefix": "/" }, "dependsOn": ["api"], "memoryMb": 256 },
                  { "name": "api", "image": "ghcr.io/acme/api", "port": 8000, "healthPath": "/health",
                    "route": { "pathPrefix": "/api" }, "secrets": { "JWT_SECRET": "apiJwtSecret" },
                    "dependsOn": ["db", "cache"],
                    "releaseTasks": [ { "name": "migrate", "command": ["npm", "run", "migrate"] } ] }
                ]
                """),
            Accessories = Arr($$"""
                [
                  { "name": "db", "kind": "postgres", "image": "{{PostgresImage}}", "port": 5432,
                    "passwordSecret": "dbPassword", "database": "app", "user": "app", "backup": true },
                  { "name": "cache", "kind": "redis", "image": "{{RedisImage}}", "port": 6379, "passwordSecret": "cachePassword" }
                ]
                """),
            Release = Obj($$"""
                { "activeSlot": "blue",
                  "slots": {
                    "blue": { "version": "2026.11.1", "images": {
                      "web": "ghcr.io/acme/web@{{WebDigest}}", "api": "ghcr.io/acme/api@{{ApiDigest}}" } },
                    "green": { "version": "", "images": {} } } }
                """),
            Proxy = Obj("""{ "httpsPort": 443 }"""),
            Edge = Obj("""{ "domain": "example.com", "zoneId": "0123456789abcdef0123456789abcdef", "proxied": true }"""),
            Monitoring = Obj("""{ "emails": ["ops@example.com"] }"""),
            Backup = Obj("""
                { "schedule": "15 3 * * *", "retention": { "daily": 7, "weekly": 4, "monthly": 6 },
                  "bucket": "acme-prod-backups", "region": "fra1" }
                """),
        };
        return config
            .WithSecret("apiJwtSecret")
            .WithSecret("dbPassword")
            .WithSecret("cachePassword")
            .WithSecret("resticPassword")
            .WithSecret("digitalocean:token")
            .WithSecret("cloudflare:apiToken");
    }

    public static TestStackConfig Local()
    {
        var config = new TestStackConfig("local", "local")
        {
            Server = Obj("""{ "provider": "local" }"""),
            Services = Arr("""
                [ { "name": "web", "image": "acme/web", "port": 3000, "healthPath": "/health", "route": { "pathPrefix": "/" } } ]
                """),
            Release = Obj("""
                { "activeSlot": "blue", "slots": { "blue": { "version": "dev", "images": { "web": "acme/web:dev" } } } }
                """),
        };
        return config;
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonArray Arr(string json) => JsonNode.Parse(json)!.AsArray();
}
