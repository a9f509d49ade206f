using System.Text.Json;
using Infra.Domain.Configuration;

namespace Infra.Domain.Tests.Configuration;

public class StackFileConfigTests
{
    [Fact]
    public void Structured_values_become_json_like_the_pulumi_cli_passes_them()
    {
        var config = StackFileConfig.Parse("s", """
            config:
              infra:server:
                provider: local
                dataVolumeGb: 20
                dropletBackups: true
                image: "007"
            """);

        var json = JsonDocument.Parse(config.Get("server")!.Text).RootElement;

        Assert.Equal("local", json.GetProperty("provider").GetString());
        Assert.Equal(20, json.GetProperty("dataVolumeGb").GetInt32());
        Assert.True(json.GetProperty("dropletBackups").GetBoolean());
        Assert.Equal("007", json.GetProperty("image").GetString());
    }

    [Fact]
    public void Secure_values_are_secret_and_never_exposed()
    {
        var config = StackFileConfig.Parse("s", """
            config:
              infra:dbPassword:
                secure: v1:abc
              infra:plain: hello
            """);

        Assert.Equal(new ConfigValue("[secret]", true), config.Get("dbPassword"));
        Assert.Equal(new ConfigValue("hello", false), config.Get("plain"));
        Assert.Null(config.Get("missing"));
    }

    [Fact]
    public void Invalid_yaml_names_the_stack_and_line()
    {
        var error = Assert.Throws<StackFileException>(() => StackFileConfig.Parse("prod", "config:\n  infra:server: [unclosed\n"));

        Assert.StartsWith("stack file for 'prod' is not valid YAML (line", error.Message);
    }
}
