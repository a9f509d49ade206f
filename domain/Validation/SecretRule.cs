using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// Every secret the stack needs is set, and set as a Pulumi secret. Nothing is ever generated
/// in place of a missing one, and nothing secret sits in plain text in a stack file.
/// </summary>
public sealed partial class SecretRule : IValidationRule
{

    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var stack = settings.StackName;
        for (var i = 0; i < settings.Services.Count; i++)
        {
            var service = settings.Services[i];
            foreach (var (variable, secretKey) in service.Secrets)
            {
                foreach (var error in RequireSecret(config, stack, secretKey, $"service '{service.Name}' ({variable})"))
                {
                    yield return error;
                }
            }

            foreach (var variable in service.Env.Keys.Where(k => SecretLooking().IsMatch(k)))
            {
                yield return new ConfigError(
                    ConfigKeys.Service(i, $"env.{variable}"),
                    $"'{variable}' of service '{service.Name}' looks like a secret in plain text; move it to secrets and set it with `pulumi config set --secret`");
            }
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            if (accessory.PasswordSecret is null)
            {
                if (accessory.Kind != AccessoryKind.Redis)
                {
                    yield return new ConfigError(ConfigKeys.Accessory(i, "passwordSecret"), $"accessory '{accessory.Name}' needs passwordSecret, the config key of its password secret");
                }

                continue;
            }

            foreach (var error in RequireSecret(config, stack, accessory.PasswordSecret, $"accessory '{accessory.Name}' password"))
            {
                yield return error;
            }
        }

        if (settings.Backup is { } backup)
        {
            foreach (var error in RequireSecret(config, stack, backup.PasswordSecret, "the backup repository password"))
            {
                yield return error;
            }
        }

        if (config.Get(ConfigKeys.SshPrivateKey) is { IsSecret: false })
        {
            yield return new ConfigError(ConfigKeys.Full(ConfigKeys.SshPrivateKey), $"the SSH private key is stored in plain text; remove it and run `pulumi config set --secret {ConfigKeys.SshPrivateKey} < key --stack {stack}`, or leave it unset to use the SSH agent");
        }

        if (settings.IsCloud)
        {
            foreach (var error in RequireCredential(config, stack, ConfigKeys.DigitalOceanToken, "DIGITALOCEAN_TOKEN", "the DigitalOcean API token"))
            {
                yield return error;
            }
        }

        if (settings.IsCloud && settings.Edge is not null)
        {
            foreach (var error in RequireCredential(config, stack, ConfigKeys.CloudflareApiToken, "CLOUDFLARE_API_TOKEN", "the Cloudflare API token"))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<ConfigError> RequireSecret(IStackConfig config, string stack, string secretKey, string neededBy)
    {
        var value = config.Get(secretKey);
        if (value is null)
        {
            yield return new ConfigError(ConfigKeys.Full(secretKey), $"required secret for {neededBy} is not set; run `pulumi config set --secret {secretKey} <value> --stack {stack}`");
        }
        else if (!value.IsSecret)
        {
            yield return new ConfigError(ConfigKeys.Full(secretKey), $"secret for {neededBy} is stored in plain text; remove it and run `pulumi config set --secret {secretKey} <value> --stack {stack}`");
        }
        else if (string.IsNullOrWhiteSpace(value.Text))
        {
            yield return new ConfigError(ConfigKeys.Full(secretKey), $"secret for {neededBy} is empty, which counts as not set; run `pulumi config set --secret {secretKey} <value> --stack {stack}`");
        }
        else if (!ContainerInputRule.IsOneLine(value.Text))
        {
            yield return new ConfigError(ConfigKeys.Full(secretKey), $"secret for {neededBy} spans lines or holds a control character, which an environment variable cannot carry to a release task; set it on one line");
        }
    }

    private static IEnumerable<ConfigError> RequireCredential(IStackConfig config, string stack, string key, string variable, string what)
    {
        var value = config.Get(key);
        if (value is { IsSecret: false })
        {
            yield return new ConfigError(key, $"{what} is stored in plain text; remove it and run `pulumi config set --secret {key} <token> --stack {stack}`");
        }
        else if (value is not null && string.IsNullOrWhiteSpace(value.Text))
        {
            yield return new ConfigError(key, $"{what} is empty, which counts as not set; run `pulumi config set --secret {key} <token> --stack {stack}` or export {variable}");
        }
        else if (value is null && !config.HasEnvironmentVariable(variable))
        {
            yield return new ConfigError(key, $"{what} is not set; run `pulumi config set --secret {key} <token> --stack {stack}` or export {variable}");
        }
    }

    [GeneratedRegex("(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();
}
