using Infra.Release.Operations;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Operations;

public class ExecPlanTests
{
    private static readonly Infra.Domain.Settings.StackSettings Staging = TestStacks.StagingWithGreen();

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["apiJwtSecret"] = "jwt-value",
        ["dbPassword"] = "db value with spaces = and quotes '\"",
        ["cachePassword"] = "cache-value",
    };

    [Fact]
    public void A_new_container_of_the_slots_image_on_the_stacks_network_with_env_and_secrets_only_in_the_env_file()
    {
        var plan = ExecPlan.NewContainer(Staging, "api", "green", Secrets, ["node", "dist/console.js"], run: "r1", terminal: true);

        Assert.Equal(
        [
            "docker", "create", "--rm", "--interactive", "--tty",
            "--name", "staging_api-green-exec-r1",
            "--network", "infra-staging",
            "--env-file", "/dev/stdin",
            "--label", "infra.exec=api-green",
            TestReleases.ApiV2,
            "node", "dist/console.js",
        ], plan.Create);
        Assert.Equal(
            "DATABASE_HOST=db\nDATABASE_PASSWORD=db value with spaces = and quotes '\"\nJWT_SECRET=jwt-value\nPORT=8000\nREDIS_HOST=cache\nREDIS_PASSWORD=cache-value\n",
            plan.EnvFile);
        Assert.Equal(["docker", "start", "--attach", "--interactive", "staging_api-green-exec-r1"], plan.Start);
        Assert.Equal(["docker", "rm", "--force", "staging_api-green-exec-r1"], plan.Remove);
        Assert.DoesNotContain(plan.Create, word => Secrets.Values.Any(secret => word.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_a_terminal_the_container_gets_none_and_volumes_mount_by_the_stacks_names()
    {
        var settings = TestStacks.StagingWithGreen(engine => engine.Edit("infra:services", services =>
            services[0]!["volumes"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "uploads", ["path"] = "/data/uploads" })));

        var plan = ExecPlan.NewContainer(settings, "web", "blue", Secrets, ["sh"], run: "r2", terminal: false);

        Assert.Equal(
        [
            "docker", "create", "--rm", "--interactive",
            "--name", "staging_web-blue-exec-r2",
            "--network", "infra-staging",
            "--env-file", "/dev/stdin",
            "--label", "infra.exec=web-blue",
            "--volume", "staging_web-uploads:/data/uploads",
            "ghcr.io/acme/web@sha256:5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d",
            "sh",
        ], plan.Create);
    }

    [Fact]
    public void A_missing_secret_value_or_one_with_a_line_break_is_refused_naming_it()
    {
        Assert.Equal(
            "slot green of stack 'staging' has no value for secret apiJwtSecret (JWT_SECRET of service 'api'); deploy the slot again",
            Assert.Throws<ReleaseRefusal>(() => ExecPlan.NewContainer(Staging, "api", "green", new Dictionary<string, string> { ["dbPassword"] = "x", ["cachePassword"] = "y" }, ["sh"], "r", false)).Message);
        Assert.Equal(
            "JWT_SECRET of service 'api' holds a line break, which Docker's env file cannot carry",
            Assert.Throws<ReleaseRefusal>(() => ExecPlan.NewContainer(Staging, "api", "green", new Dictionary<string, string>(Secrets) { ["apiJwtSecret"] = "a\nb" }, ["sh"], "r", false)).Message);
    }

    [Fact]
    public void Reuse_is_docker_exec_in_the_running_container()
    {
        Assert.Equal(["docker", "exec", "--interactive", "staging_api-blue", "sh", "-c", "env"], ExecPlan.InRunningContainer("staging_api-blue", ["sh", "-c", "env"], terminal: false));
        Assert.Equal(["docker", "exec", "--interactive", "--tty", "staging_api-blue", "sh"], ExecPlan.InRunningContainer("staging_api-blue", ["sh"], terminal: true));
    }
}
