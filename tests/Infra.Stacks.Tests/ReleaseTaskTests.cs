using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Command = Pulumi.Command;

namespace Infra.Stacks.Tests;

public class ReleaseTaskTests
{
    [Fact]
    public async Task Migration_runs_on_the_server_with_secrets_on_stdin_and_reruns_only_for_a_new_release()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var args = run.ArgsOf<Command.Remote.CommandArgs>("blue-release-tasks-api-migrate");

        var create = await OutputUtilities.GetValueAsync(args.Create!.ToOutput());
        Assert.Contains("docker run --detach --name prod_api-blue-migrate --network infra-prod --env-file /dev/stdin", create);
        Assert.Contains(" node dist/migrate.js >/dev/null\n", create);
        Assert.DoesNotContain(StackRun.SecretValue("infra:dbPassword"), create);

        var stdin = args.Stdin!.ToOutput();
        Assert.True(await Output.IsSecretAsync(stdin));
        Assert.Contains($"DATABASE_PASSWORD={StackRun.SecretValue("infra:dbPassword")}\n", await OutputUtilities.GetValueAsync(stdin));

        var triggers = await OutputUtilities.GetValueAsync(args.Triggers.ToOutput());
        Assert.Equal(["ghcr.io/acme/api@sha256:a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1", "2026.11.20-1"], triggers.Select(t => t.ToString()));
    }
}
