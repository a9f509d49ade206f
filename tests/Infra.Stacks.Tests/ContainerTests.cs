using System.Collections.Immutable;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Docker = Pulumi.Docker;

namespace Infra.Stacks.Tests;

public class ContainerTests
{
    private static Task<T> Value<T>(Output<T> output) => OutputUtilities.GetValueAsync(output);

    private static async Task<T[]> Values<T>(Output<ImmutableArray<T>> output) => [.. await OutputUtilities.GetValueAsync(output)];

    [Theory]
    [InlineData("web-blue", 3000, "/health", "unless-stopped", 256)]
    [InlineData("api-blue", 8000, "/health", "unless-stopped", 512)]
    public async Task Service_container_listens_on_its_fixed_port_with_healthcheck_restart_and_memory(
        string name, int port, string healthPath, string restart, int memoryMb)
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var container = run.Named<Docker.Container>(name);

        // Nothing runs inside the image: no Docker healthcheck, no wait on one. Readiness is the probe
        // from outside, a step on the host that runs a helper container on the stack's network.
        Assert.Null(run.ArgsOf<Docker.ContainerArgs>(name).Healthcheck);
        Assert.False(await Value(container.Wait));
        var probe = await Value(run.Named<Pulumi.Command.Remote.Command>($"{name}-ready").Create);
        Assert.Equal(new Infra.Domain.Hosting.ReadinessProbe(name, port, healthPath).HostCommand(new Infra.Domain.Hosting.DockerNames("prod")), probe);
        Assert.Equal(new[] { name, "server-ready" }.Order(StringComparer.Ordinal), run.RecordOf($"{name}-ready").DependsOn);
        // Re-run whenever the container is replaced: its id is the trigger.
        var triggers = await Value(run.ArgsOf<Pulumi.Command.Remote.CommandArgs>($"{name}-ready").Triggers.ToOutput());
        Assert.Equal([await Value(container.Id)], triggers.Select(t => t.ToString()));
        Assert.Equal($"prod_{name}", await Value(container.Name));
        Assert.Equal(restart, await Value(container.Restart));
        Assert.Equal(memoryMb, await Value(container.Memory));
        Assert.Empty(await Value(run.ArgsOf<Docker.ContainerArgs>(name).Ports.ToOutput()));
        var network = Assert.Single(await Value(container.NetworksAdvanced));
        Assert.Equal("infra-prod", network.Name);
        Assert.Equal([name], network.Aliases.ToArray());
        Assert.Contains($"PORT={port}", await Value(container.Envs));
    }

    [Fact]
    public async Task Worker_without_port_uses_its_health_command_and_restarts_on_failure()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var worker = run.Named<Docker.Container>("worker-blue");

        Assert.Equal(["CMD", "node", "dist/worker-health.js"], (await Value(worker.Healthcheck))!.Tests.ToArray());
        Assert.Equal("on-failure", await Value(worker.Restart));
    }

    [Fact]
    public async Task Containers_carry_service_slot_and_release_labels_and_rotate_logs()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var api = run.Named<Docker.Container>("api-blue");

        var labels = (await Value(api.Labels)).ToDictionary(l => l.Label, l => l.Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["infra.release"] = "2026.11.20-1",
            ["infra.service"] = "api",
            ["infra.slot"] = "blue",
        }, labels);
        Assert.Equal("json-file", await Value(api.LogDriver));
        Assert.Equal(ImmutableDictionary<string, string>.Empty.Add("max-file", "5").Add("max-size", "10m"), (await Value(api.LogOpts))!.ToImmutableDictionary());
    }

    [Fact]
    public async Task Service_image_is_the_release_digest()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var image = run.Named<Docker.RemoteImage>("api-blue-image");
        Assert.Equal("ghcr.io/acme/api@sha256:a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1", await Value(image.Name));
        Assert.True(await Value(image.KeepLocally));
    }

    [Fact]
    public async Task No_accessory_publishes_a_port()
    {
        foreach (var stack in new[] { "local", "staging", "prod" })
        {
            var run = await StackRun.OfRepoStack(stack, TeamSecrets.For(stack));
            foreach (var name in new[] { "db", "cache" })
            {
                Assert.Empty(await Value(run.ArgsOf<Docker.ContainerArgs>(name).Ports.ToOutput()));
            }
        }
    }

    [Fact]
    public async Task Accessory_loopback_port_is_bound_to_loopback_only()
    {
        var run = await StackRun.OfEditedRepoStack("local", text => text.Replace("      port: 5432\n", "      port: 5432\n      hostPort: 15432\n"), TeamSecrets.For("local"));

        var port = Assert.Single(await Value(run.Named<Docker.Container>("db").Ports));
        Assert.Equal((5432, 15432, "127.0.0.1"), (port.Internal, port.External!.Value, port.Ip));
    }

    [Fact]
    public async Task Accessories_have_readiness_healthchecks_and_data_on_their_volume()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var db = run.Named<Docker.Container>("db");
        Assert.Equal(["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U \"${POSTGRES_USER:-postgres}\""], (await Value(db.Healthcheck))!.Tests.ToArray());
        // Its data, and (backed up, so archiving its WAL for point-in-time recovery) its WAL archive.
        Assert.Equal(
            [("prod_db-data", "/var/lib/postgresql/data"), ("prod_db-wal", "/var/lib/postgresql/wal-archive")],
            (await Value(db.Volumes)).Select(v => (v.VolumeName, v.ContainerPath)));
        Assert.Equal("prod_db", await Value(db.Name));

        var cache = run.Named<Docker.Container>("cache");
        Assert.Equal(["sh", "-c", "exec redis-server --port 6379 --appendonly yes --requirepass \"$REDIS_PASSWORD\""], await Values(cache.Command));
    }

    [Fact]
    public async Task Services_start_after_the_accessories_and_services_they_depend_on()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        Assert.Equal(["blue-release-tasks-api-migrate", "cache", "db", "server-ready"], run.RecordOf("api-blue").DependsOn);
        // A service starts after what it depends on is ready: a service's probe, an accessory's healthcheck
        // (Docker's wait makes an accessory container exist only once healthy).
        Assert.Equal(["api-blue-ready", "blue-release-tasks-api-migrate", "server-ready"], run.RecordOf("web-blue").DependsOn);
        Assert.True(await Value(run.Named<Docker.Container>("db").Wait));
    }

    [Fact]
    public async Task Uploads_volume_is_shared_by_both_slots_and_retained()
    {
        var run = await StackRun.OfWorkload("Pulumi.uploads-app.yaml");

        var record = run.RecordOf("app-uploads");
        Assert.True(record.Protect && record.RetainOnDelete);
        var mount = Assert.Single(await Value(run.Named<Docker.Container>("app-blue").Volumes));
        Assert.Equal(("uploads-app_app-uploads", "/app/uploads"), (mount.VolumeName, mount.ContainerPath));
    }
}
