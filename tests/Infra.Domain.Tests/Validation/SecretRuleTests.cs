using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class SecretRuleTests
{
    [Fact]
    public void Missing_service_secret_is_rejected_not_generated()
    {
        var config = Stacks.Prod().Without("apiJwtSecret");

        Expect.Problems(config, "infra:apiJwtSecret: required secret for service 'api' (JWT_SECRET) is not set; run `pulumi config set --secret apiJwtSecret <value> --stack prod`");
    }

    [Fact]
    public void Secret_stored_in_plain_text_is_rejected()
    {
        var config = Stacks.Prod().WithPlain("dbPassword", "hunter2");

        Expect.Problems(config, "infra:dbPassword: secret for accessory 'db' password is stored in plain text; remove it and run `pulumi config set --secret dbPassword <value> --stack prod`");
    }

    [Fact]
    public void Database_without_password_secret_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("db").Remove("passwordSecret");

        Expect.Problems(config, "infra:accessories[0].passwordSecret: accessory 'db' needs passwordSecret, the config key of its password secret");
    }

    [Fact]
    public void Secret_looking_plain_environment_variable_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["env"] = new JsonObject { ["STRIPE_API_KEY"] = "sk_live_123" };

        Expect.Problems(config, "infra:services[1].env.STRIPE_API_KEY: 'STRIPE_API_KEY' of service 'api' looks like a secret in plain text; move it to secrets and set it with `pulumi config set --secret`");
    }

    [Fact]
    public void Missing_backup_password_is_rejected()
    {
        var config = Stacks.Prod().Without("resticPassword");

        Expect.Problems(config, "infra:resticPassword: required secret for the backup repository password is not set; run `pulumi config set --secret resticPassword <value> --stack prod`");
    }

    [Fact]
    public void Missing_cloud_token_is_rejected()
    {
        var config = Stacks.Prod().Without("digitalocean:token");

        Expect.Problems(config, "digitalocean:token: the DigitalOcean API token is not set; run `pulumi config set --secret digitalocean:token <token> --stack prod` or export DIGITALOCEAN_TOKEN");
    }

    [Fact]
    public void Cloud_token_from_the_provider_environment_variable_is_accepted()
    {
        var config = Stacks.Prod().Without("cloudflare:apiToken").WithEnvironmentVariable("CLOUDFLARE_API_TOKEN");

        Assert.Empty(config.Problems());
    }
}

public class SshPrivateKeyTests
{
    [Fact]
    public void Ssh_private_key_in_plain_text_is_rejected()
    {
        var config = Infra.Domain.Tests.Support.Stacks.Prod().WithPlain("sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----");

        Infra.Domain.Tests.Support.Expect.Problems(config, "infra:sshPrivateKey: the SSH private key is stored in plain text; remove it and run `pulumi config set --secret sshPrivateKey < key --stack prod`, or leave it unset to use the SSH agent");
    }

    [Fact]
    public void Ssh_private_key_as_a_secret_is_accepted()
    {
        Assert.Empty(Infra.Domain.Tests.Support.Stacks.Prod().WithSecret("sshPrivateKey").Problems());
    }
}
