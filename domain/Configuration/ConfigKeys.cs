namespace Infra.Domain.Configuration;

/// <summary>The config keys of the program, as users type them in Pulumi.&lt;stack&gt;.yaml.</summary>
public static class ConfigKeys
{
    public const string Namespace = "infra";

    public const string Environment = "environment";
    public const string Server = "server";
    public const string Services = "services";
    public const string Accessories = "accessories";
    public const string Release = "release";
    public const string Proxy = "proxy";
    public const string Edge = "edge";
    public const string Backup = "backup";

    public const string DigitalOceanToken = "digitalocean:token";

    /// <summary>Optional secret: the SSH key for the droplet's readiness check (the SSH agent otherwise).</summary>
    public const string SshPrivateKey = "sshPrivateKey";
    public const string CloudflareApiToken = "cloudflare:apiToken";

    public static string Full(string key) => key.Contains(':') ? key : $"{Namespace}:{key}";

    public static string Service(int index, string field) => $"{Full(Services)}[{index}].{field}";

    public static string Accessory(int index, string field) => $"{Full(Accessories)}[{index}].{field}";

    public static string Of(string key, string field) => $"{Full(key)}.{field}";
}
