using Infra.Domain.Configuration;

namespace Infra.Domain.Tests.Configuration;

public class PulumiEnvironmentConfigTests
{
    [Fact]
    public void Reads_config_secrets_and_stack_from_the_variables_the_cli_sets()
    {
        var variables = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = "staging",
            ["PULUMI_CONFIG"] = """{"infra:environment":"staging","infra:dbPassword":"x","digitalocean:token":"t"}""",
            ["PULUMI_CONFIG_SECRET_KEYS"] = """["infra:dbPassword"]""",
            ["DIGITALOCEAN_TOKEN"] = "from-env",
        };
        var config = new PulumiEnvironmentConfig(name => variables.GetValueOrDefault(name));

        Assert.Equal("staging", config.StackName);
        Assert.Equal(new ConfigValue("staging", false), config.Get("environment"));
        Assert.True(config.Get("dbPassword")!.IsSecret);
        Assert.False(config.Get("digitalocean:token")!.IsSecret);
        Assert.True(config.HasEnvironmentVariable("DIGITALOCEAN_TOKEN"));
        Assert.False(config.HasEnvironmentVariable("CLOUDFLARE_API_TOKEN"));
    }
}
