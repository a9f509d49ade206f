using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Docker = Pulumi.Docker;

namespace Infra.Stacks.Tests;

public class SecretTests
{
    [Fact]
    public async Task Service_secrets_reach_the_container_as_secret_outputs()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        // What the program hands the engine: the engine keeps secret inputs secret in state and outputs.
        var envs = run.ArgsOf<Docker.ContainerArgs>("api-blue").Envs.ToOutput();

        Assert.True(await Output.IsSecretAsync(envs));
        var values = await OutputUtilities.GetValueAsync(envs);
        Assert.Contains($"JWT_SECRET={StackRun.SecretValue("infra:apiJwtSecret")}", values);
        Assert.Contains($"DATABASE_PASSWORD={StackRun.SecretValue("infra:dbPassword")}", values);
    }

    [Fact]
    public async Task Accessory_password_is_a_secret_output()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var envs = run.ArgsOf<Docker.ContainerArgs>("db").Envs.ToOutput();

        Assert.True(await Output.IsSecretAsync(envs));
        Assert.Contains($"POSTGRES_PASSWORD={StackRun.SecretValue("infra:dbPassword")}", await OutputUtilities.GetValueAsync(envs));
    }

    [Fact]
    public async Task Container_without_secrets_is_not_marked_secret()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        Assert.False(await Output.IsSecretAsync(run.ArgsOf<Docker.ContainerArgs>("web-blue").Envs.ToOutput()));
    }
}
