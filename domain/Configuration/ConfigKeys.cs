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
    public const string Tls = "tls";
    public const string Backup = "backup";
    public const string Monitoring = "monitoring";

    public const string DigitalOceanToken = "digitalocean:token";

    /// <summary>Optional secret: the SSH key for the droplet's readiness check (the SSH agent otherwise).</summary>
    public const string SshPrivateKey = "sshPrivateKey";
    public const string CloudflareApiToken = "cloudflare:apiToken";

    /// <summary>
    /// The config key holding the services' settings as they were deployed into a slot (a JSON list
    /// shaped like infra:services), written by `release deploy`.
    /// </summary>
    public static string SlotServices(string slot) => $"{slot}SlotServices";

    /// <summary>
    /// The secret config key holding the secret values a slot was deployed with (a JSON object from
    /// config key to value), written by `release deploy` with the slot's services.
    /// </summary>
    public static string SlotSecrets(string slot) => $"{slot}SlotSecrets";

    public static string Full(string key) => key.Contains(':') ? key : $"{Namespace}:{key}";

    public static string Service(int index, string field) => $"{Full(Services)}[{index}].{field}";

    public static string Accessory(int index, string field) => $"{Full(Accessories)}[{index}].{field}";

    public static string Of(string key, string field) => $"{Full(key)}.{field}";
}
