using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Containers;

/// <summary>Readiness needs nothing inside the service's image: no shell, no curl, no wget.</summary>
public class ReadinessTests
{
    [Fact]
    public void A_service_with_a_health_path_gets_no_docker_healthcheck_but_a_probe_from_outside()
    {
        var plan = DeploymentPlan.For(Stacks.Prod().Load().Settings!);

        foreach (var spec in plan.Slots.SelectMany(s => s.Services))
        {
            Assert.Null(spec.HealthCheck);
            Assert.Equal(spec.ContainerName, spec.Readiness!.Alias);
            Assert.Equal(spec.Port, spec.Readiness.Port);
        }

        Assert.Equal(new ReadinessProbe("api-blue", 8000, "/health"), plan.Slots[0].Services.Single(s => s.Owner == "api").Readiness);
    }

    [Fact]
    public void A_health_command_from_the_stack_file_stays_a_docker_healthcheck_and_accessories_keep_theirs()
    {
        var config = Stacks.Prod();
        config.Service("api")["healthCommand"] = new System.Text.Json.Nodes.JsonArray("/app/healthcheck", "--quick");
        var plan = DeploymentPlan.For(config.Load().Settings!);

        var api = plan.Slots[0].Services.Single(s => s.Owner == "api");
        Assert.Equal(["CMD", "/app/healthcheck", "--quick"], api.HealthCheck!.Test);
        Assert.Null(api.Readiness);
        Assert.All(plan.Accessories, a => Assert.NotNull(a.HealthCheck));
    }

    [Fact]
    public void The_probe_runs_in_the_helper_image_on_the_stacks_network_and_never_in_the_service()
    {
        var names = new DockerNames("prod");
        var probe = new ReadinessProbe("api-blue", 8000, "/health");

        var command = probe.HostCommand(names);

        var run = command.Split('\n').Single(line => line.StartsWith("if ! docker run", StringComparison.Ordinal));
        Assert.Equal(
            $"if ! docker run --rm -i --name prod_api-blue-ready --user 0 --entrypoint bash --network infra-prod {HelperImage.Reference} -s -- <<'{HelperRun.ScriptEnd}'",
            run);
        Assert.DoesNotContain("docker exec", command);
        Assert.Contains("address=api-blue:8000", command);
        Assert.Contains("path=/health", command);
        Assert.Contains($"within {ReadinessProbe.DeadlineSeconds} s", command);
    }
}
