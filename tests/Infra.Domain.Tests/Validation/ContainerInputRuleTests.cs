using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

/// <summary>Values that become part of a container are ones Docker, a shell and an env file accept.</summary>
public class ContainerInputRuleTests
{
    [Theory]
    [InlineData("1ST", "'1ST' is not an environment variable name; use letters, digits and '_', not starting with a digit")]
    [InlineData("MY-VAR", "'MY-VAR' is not an environment variable name; use letters, digits and '_', not starting with a digit")]
    [InlineData("A=B", "'A=B' is not an environment variable name; use letters, digits and '_', not starting with a digit")]
    public void An_env_name_a_shell_cannot_carry_is_rejected(string name, string message)
    {
        var config = Stacks.Prod();
        config.Service("api")["env"] = new JsonObject { [name] = "x" };

        Expect.Problems(config, $"infra:services[1].env.{name}: {message}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(901)]
    [InlineData(-180)]
    public void A_ready_timeout_outside_its_bounds_is_rejected_by_key(int seconds)
    {
        var config = Stacks.Prod();
        config.Service("api")["readyTimeoutSeconds"] = seconds;

        Expect.Problems(config, $"infra:services[1].readyTimeoutSeconds: service 'api' ready timeout {seconds} s is outside 5-900; an update waits for readiness only within a bounded deadline (default 180)");
    }

    [Fact]
    public void A_ready_timeout_that_is_not_a_number_is_reported_not_thrown()
    {
        var config = Stacks.Prod();
        config.Service("api")["readyTimeoutSeconds"] = "soon";

        Assert.Contains(config.Problems(), p => p.StartsWith("infra:services", StringComparison.Ordinal) && p.Contains("readyTimeoutSeconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(900)]
    public void A_ready_timeout_within_its_bounds_is_the_probe_deadline(int seconds)
    {
        var config = Stacks.Prod();
        config.Service("api")["readyTimeoutSeconds"] = seconds;

        var settings = config.Load().Settings!;
        var api = Infra.Domain.Containers.DeploymentPlan.For(settings).Slots[0].Services.Single(s => s.Owner == "api");
        Assert.Equal(seconds, api.Readiness!.Seconds);
        Assert.Contains($"within {seconds} s", api.Readiness.HostCommand(Infra.Domain.Hosting.DockerNames.For(settings)), StringComparison.Ordinal);
        var web = Infra.Domain.Containers.DeploymentPlan.For(settings).Slots[0].Services.Single(s => s.Owner == "web");
        Assert.Equal(Infra.Domain.Hosting.ReadinessProbe.DeadlineSeconds, web.Readiness!.Seconds);
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("nul\0char")]
    [InlineData("bell\u0007")]
    public void An_env_value_that_an_env_file_cannot_carry_is_rejected(string value)
    {
        var config = Stacks.Prod();
        config.Service("api")["env"] = new JsonObject { ["MODE"] = value };

        Expect.Problems(config, "infra:services[1].env.MODE: the value of 'MODE' spans lines or holds a control character; give it on one line");
    }

    [Fact]
    public void A_variable_in_both_env_and_secrets_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["env"] = new JsonObject { ["JWT_SECRET_FILE"] = "x", ["JWT_SECRET"] = "x" };

        Assert.Contains("infra:services[1].secrets.JWT_SECRET: 'JWT_SECRET' is set both in env and in secrets of service 'api'; keep one", config.Problems());
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/")]
    [InlineData("/data:ro")]
    [InlineData("/app/../etc")]
    [InlineData("")]
    public void A_volume_path_Docker_would_refuse_or_misread_is_rejected(string path)
    {
        var config = Stacks.Prod();
        config.Service("api")["volumes"] = new JsonArray(new JsonObject { ["name"] = "uploads", ["path"] = path });

        Expect.Problems(config, $"infra:services[1].volumes[0].path: '{path}' is not a mount path; give an absolute path inside the container other than '/' (e.g. /app/uploads)");
    }

    [Fact]
    public void Two_volumes_with_one_name_are_a_report()
    {
        var config = Stacks.Prod();
        config.Service("api")["volumes"] = new JsonArray(
            new JsonObject { ["name"] = "uploads", ["path"] = "/a" },
            new JsonObject { ["name"] = "uploads", ["path"] = "/b" });

        Expect.Problems(config, "infra:services[1].volumes[1].name: service 'api' mounts two volumes named 'uploads'; give each its own name");
    }

    [Fact]
    public void A_release_task_needs_a_command_a_name_and_a_deadline()
    {
        var config = Stacks.Prod();
        config.Service("api")["releaseTasks"] = new JsonArray(
            new JsonObject { ["name"] = "Migrate!", ["command"] = new JsonArray() },
            new JsonObject { ["name"] = "seed", ["command"] = new JsonArray("seed"), ["timeoutSeconds"] = 0 });

        Expect.Problems(config,
            "infra:services[1].releaseTasks[0].name: 'Migrate!' is not a valid task name; use lowercase letters, digits and '-', starting with a letter, at most 40 characters",
            "infra:services[1].releaseTasks[0].command: is empty; give the command as a list (e.g. [\"node\", \"dist/migrate.js\"]): the image's own command is the server, which never exits",
            "infra:services[1].releaseTasks[1].timeoutSeconds: 0 is outside 1-86400; a release task must end within a deadline");
    }

    [Theory]
    [InlineData("GHCR.io/Acme/API")]
    [InlineData("ghcr.io/acme/api:1.0")]
    [InlineData("acme api")]
    [InlineData("")]
    public void A_service_image_is_a_repository_Docker_accepts(string image)
    {
        var config = Stacks.Local();
        config.Service("web")["image"] = image;
        config.Slot("blue")["images"] = new JsonObject { ["web"] = "acme/web:dev" };

        Assert.Contains($"infra:services[0].image: '{image}' is not an image repository Docker accepts; give the repository without tag or digest (e.g. ghcr.io/acme/api)", config.Problems());
    }

    [Fact]
    public void A_local_release_image_with_a_malformed_digest_is_rejected()
    {
        var config = Stacks.Local();
        config.Slot("blue")["images"] = new JsonObject { ["web"] = "acme/web@sha256:abc" };

        Expect.Problems(config, "infra:release.slots.blue.images.web: 'acme/web@sha256:abc' has a malformed tag or digest; use acme/web:<tag> or acme/web@sha256:<64 hex digits>");
    }

    [Fact]
    public void A_version_label_that_cannot_be_a_docker_label_or_a_word_is_rejected()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["version"] = "v1; reboot";

        Expect.Problems(config, "infra:release.slots.blue.version: 'v1; reboot' is not a version label; use letters, digits and . _ + -, starting with a letter or digit, at most 128 characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_secret_counts_as_not_set(string value)
    {
        var config = Stacks.Prod().WithSecret("apiJwtSecret", value);

        Expect.Problems(config, "infra:apiJwtSecret: secret for service 'api' (JWT_SECRET) is empty, which counts as not set; run `pulumi config set --secret apiJwtSecret <value> --stack prod`");
    }

    [Fact]
    public void An_empty_provider_token_counts_as_not_set()
    {
        var config = Stacks.Prod().WithSecret("digitalocean:token", "");

        Expect.Problems(config, "digitalocean:token: the DigitalOcean API token is empty, which counts as not set; run `pulumi config set --secret digitalocean:token <token> --stack prod` or export DIGITALOCEAN_TOKEN");
    }
}
