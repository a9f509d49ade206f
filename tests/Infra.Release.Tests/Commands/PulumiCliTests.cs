using Infra.Release.Engine;

namespace Infra.Release.Tests.Commands;

public sealed class PulumiCliTests
{
    [Fact]
    public void Without_a_pulumi_on_path_the_tool_refuses_in_one_line()
    {
        var empty = Directory.CreateTempSubdirectory("no-pulumi-").FullName;
        try
        {
            var refusal = Assert.Throws<ReleaseRefusal>(() => PulumiCli.Require(name => name switch { "PATH" => empty, "HOME" => empty, _ => null }));
            Assert.Equal("the Pulumi CLI is not installed (no `pulumi` on PATH); install it from https://www.pulumi.com/docs/install/ ; nothing was changed", refusal.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_pulumi_on_path_is_found()
    {
        var folder = Directory.CreateTempSubdirectory("with-pulumi-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "pulumi"), "");
            Assert.Equal(Path.Combine(folder, "pulumi"), PulumiCli.Require(name => name == "PATH" ? folder : null));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
