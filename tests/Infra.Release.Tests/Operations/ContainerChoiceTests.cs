using Infra.Release.Operations;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Operations;

public class ContainerChoiceTests
{
    private static readonly Infra.Domain.Settings.StackSettings Staging = TestStacks.StagingWithGreen();

    [Theory]
    [InlineData("web", null, "staging_web-blue", "service 'web' in slot blue (release 2026.11.20-1)")]
    [InlineData("web", "active", "staging_web-blue", "service 'web' in slot blue (release 2026.11.20-1)")]
    [InlineData("api", "idle", "staging_api-green", "service 'api' in slot green (release 2026.11.22-1)")]
    [InlineData("worker", "green", "staging_worker-green", "service 'worker' in slot green (release 2026.11.22-1)")]
    [InlineData("db", null, "staging_db", "accessory 'db'")]
    [InlineData("proxy", null, "staging_proxy", "the proxy")]
    public void Names_the_container_as_the_stack_does(string name, string? slot, string container, string description)
    {
        Assert.Equal(new ContainerTarget(container, description), ContainerChoice.Any(Staging, name, slot));
    }

    [Theory]
    [InlineData("nope", null, "stack 'staging' has no service or accessory 'nope'; services: web, api, worker; accessories: db, cache; or proxy")]
    [InlineData("web", "purple", "--slot 'purple' is not a slot; use active, idle, blue, green")]
    [InlineData("db", "green", "--slot applies to services; accessory 'db' runs in no slot")]
    public void Bad_names_and_slots_are_refused_in_one_line(string name, string? slot, string message)
    {
        Assert.Equal(message, Assert.Throws<ReleaseRefusal>(() => ContainerChoice.Any(Staging, name, slot)).Message);
    }

    [Fact]
    public void The_local_stacks_backup_scheduler_is_a_container_its_logs_can_be_read_from()
    {
        var local = Staging with { Environment = Infra.Domain.Settings.DeploymentEnvironment.Local, Server = new Infra.Domain.Settings.ServerSettings { Provider = Infra.Domain.Settings.ServerProviders.Local } };

        Assert.Equal(new ContainerTarget("staging_backup-schedule", "the backup scheduler"), ContainerChoice.Any(local, "backup-schedule", null));
        Assert.EndsWith("; or proxy, backup-schedule", Assert.Throws<ReleaseRefusal>(() => ContainerChoice.Any(local, "nope", null)).Message);
        Assert.EndsWith("; or proxy", Assert.Throws<ReleaseRefusal>(() => ContainerChoice.Any(Staging, "backup-schedule", null)).Message);
    }

    [Fact]
    public void An_empty_slot_has_no_container_and_exec_takes_services_only()
    {
        var blueOnly = TestStacks.StagingWithGreen(engine => engine.SetRelease(release => release["slots"]!["green"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "", ["images"] = new System.Text.Json.Nodes.JsonObject() }));

        Assert.Equal(
            "slot green of stack 'staging' holds no release, so service 'web' has no container there",
            Assert.Throws<ReleaseRefusal>(() => ContainerChoice.Service(blueOnly, "web", "idle")).Message);
        Assert.Equal(
            "stack 'staging' has no service 'db'; its services: web, api, worker",
            Assert.Throws<ReleaseRefusal>(() => ContainerChoice.Service(Staging, "db", null)).Message);
    }
}
