using Infra.Domain.Releases;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Releases;

public class ReleaseTaskPlannerTests
{
    [Fact]
    public void Task_runs_once_in_a_throwaway_container_of_the_slot_release_image()
    {
        var settings = Stacks.Prod().Load().Settings!;

        var task = Assert.Single(ReleaseTaskPlanner.For(settings, "blue", "infra-prod"));

        Assert.Contains(
            "docker run --detach --name prod_api-blue-migrate --network infra-prod --env-file /dev/stdin"
            + " --label infra.service=api --label infra.slot=blue --label infra.release=2026.11.1 --label infra.task=migrate"
            + $" ghcr.io/acme/api@{Stacks.ApiDigest} npm run migrate >/dev/null\n",
            task.DockerRun);
        Assert.Contains($"read -r -t {Infra.Domain.Settings.ReleaseTaskSettings.DefaultTimeoutSeconds} status < <(docker wait \"$name\")", task.DockerRun);
        Assert.Equal(new Dictionary<string, string> { ["JWT_SECRET"] = "apiJwtSecret" }, task.SecretEnvironment);
    }

    [Fact]
    public void A_command_that_looks_like_a_placeholder_goes_into_the_script_as_it_is()
    {
        var config = Stacks.Prod();
        config.Service("api")["releaseTasks"]![0]!["command"] = new System.Text.Json.Nodes.JsonArray("echo", "{{timeout}}", "{{name}}");

        var task = Assert.Single(ReleaseTaskPlanner.For(config.Load().Settings!, "blue", "infra-prod"));

        Assert.Contains(" echo '{{timeout}}' '{{name}}' >/dev/null\n", task.DockerRun);
    }

    [Fact]
    public void Empty_slot_has_no_tasks()
    {
        Assert.Empty(ReleaseTaskPlanner.For(Stacks.Prod().Load().Settings!, "green", "infra-prod"));
    }

    [Theory]
    [InlineData("migrate", "migrate")]
    [InlineData("--noinput", "--noinput")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\"'\"'s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void Arguments_stay_single_words(string argument, string quoted)
    {
        Assert.Equal(quoted, ShellQuote.Word(argument));
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "sh")]
    public async Task Quoted_arguments_reach_the_program_unchanged()
    {
        var sh = RequiresProgram.Program("sh");
        string[] words = ["a b", "it's", "$HOME", "`id`", "semi;colon", "*"];

        var result = await ProcessRunner.Run(sh, ["-c", "printf '%s\\n' " + ShellQuote.Join(words)]);

        Assert.Equal(words, result.Output.TrimEnd('\n').Split('\n'));
    }
}
