namespace Infra.Stacks.Tests.Support;

/// <summary>The secrets a team sets on each repo stack with `pulumi config set --secret` (not in the files).</summary>
public static class TeamSecrets
{
    public static string[] For(string stack) => stack switch
    {
        "local" => ["dbPassword", "cachePassword"],
        _ => ["apiJwtSecret", "dbPassword", "cachePassword", "resticPassword", "digitalocean:token", "cloudflare:apiToken"],
    };
}
