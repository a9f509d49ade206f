using System.Text.Json.Nodes;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests;

/// <summary>
/// The prod stack through a sequence of releases and promotions: release 1 on blue → release 2
/// written to green → promote green → promote blue back → release 3 written to blue. Each pair
/// of consecutive graphs is compared to see exactly what an update would create, change or remove.
/// </summary>
public class UpdateShapeTests
{
    private static readonly string[] Services = ["api", "web", "worker"];

    private static readonly string[] NeverTouched =
    [
        "digitalocean:index/droplet:Droplet server-droplet",
        "digitalocean:index/reservedIp:ReservedIp server-ip",
        "digitalocean:index/volume:Volume server-volume",
        "digitalocean:index/firewall:Firewall server-firewall",
        "command:remote:Command server-ready",
        "cloudflare:index/dnsRecord:DnsRecord edge-apex",
        "docker:index/container:Container db",
        "docker:index/container:Container cache",
        "docker:index/volume:Volume db-data",
        "docker:index/volume:Volume cache-data",
    ];

    private static JsonObject Release(int number) => ProdReleases.Release(number);

    private static Task<StackRun> Prod(string active, JsonObject? blue, JsonObject? green) =>
        StackRun.OfFile(RepoFiles.Path("Pulumi.prod.yaml"), config => config["infra:release"] = new JsonObject
        {
            ["activeSlot"] = active,
            ["slots"] = new JsonObject
            {
                ["blue"] = blue ?? new JsonObject { ["version"] = "", ["images"] = new JsonObject() },
                ["green"] = green ?? new JsonObject { ["version"] = "", ["images"] = new JsonObject() },
            },
        }.ToJsonString(), TeamSecrets.For("prod"));

    /// <summary>The services whose readiness is probed from outside (a health path); the worker has a healthcheck.</summary>
    private static readonly string[] Probed = ["api", "web"];

    private static IEnumerable<string> SlotResources(string slot) =>
        Services.SelectMany(s => new[]
        {
            $"infra:components:ContainerService {s}-{slot}",
            $"docker:index/remoteImage:RemoteImage {s}-{slot}-image",
            $"docker:index/container:Container {s}-{slot}",
        }).Concat(Probed.Select(s => $"command:remote:Command {s}-{slot}-ready")).Concat(
        [
            $"infra:components:ReleaseTasks {slot}-release-tasks",
            $"command:remote:Command {slot}-release-tasks-api-migrate",
        ]);

    [Fact]
    public async Task Releases_touch_only_the_idle_slot_and_promotions_only_the_routing()
    {
        var step1 = await Prod("blue", Release(1), null);
        var step2 = await Prod("blue", Release(1), Release(2));
        var step3 = await Prod("green", Release(1), Release(2));
        var step4 = await Prod("blue", Release(1), Release(2));
        var step5 = await Prod("green", Release(3), Release(2));

        var write2 = GraphDiff.Between(step1, step2);
        Assert.Equal(SlotResources("green").Order(StringComparer.Ordinal), write2.Created);
        Assert.Empty(write2.Changed);
        Assert.Empty(write2.Removed);

        var promoteGreen = GraphDiff.Between(step2, step3);
        Assert.Equal(PromotionChanges, promoteGreen.Changed);
        Assert.Empty(promoteGreen.Created);
        Assert.Empty(promoteGreen.Removed);

        var promoteBlue = GraphDiff.Between(step3, step4);
        Assert.Equal(PromotionChanges, promoteBlue.Changed);
        Assert.Empty(promoteBlue.Created.Concat(promoteBlue.Removed));

        // Release 3 goes into blue, which is idle again once green is promoted.
        // The readiness probes re-run through their trigger, the container's id, which changes when the engine
        // replaces the container; under mocks ids are stable, so they are not seen changing here.
        var write3 = GraphDiff.Between(step3, step5);
        Assert.Equal(
            SlotResources("blue").Where(r => !r.StartsWith("infra:components:", StringComparison.Ordinal) && !r.EndsWith("-ready", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            write3.Changed);
        Assert.Empty(write3.Created.Concat(write3.Removed));

        foreach (var diff in new[] { write2, promoteGreen, promoteBlue, write3 })
        {
            Assert.Empty(diff.Touched.Intersect(NeverTouched));
            Assert.DoesNotContain(diff.Touched, r => r.Contains("backup", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>A promotion changes the proxy's routing and nothing else.</summary>
    private static readonly IReadOnlyList<string> PromotionChanges = ["command:remote:Command proxy-switch"];

    [Fact]
    public async Task Stopping_the_idle_slot_removes_only_its_containers()
    {
        var running = await Prod("blue", Release(1), Release(2));
        var stopped = await StackRun.OfFile(RepoFiles.Path("Pulumi.prod.yaml"), config =>
        {
            var release = JsonNode.Parse(config["infra:release"])!.AsObject();
            release["activeSlot"] = "blue";
            release["stopIdle"] = true;
            release["slots"] = new JsonObject { ["blue"] = Release(1), ["green"] = Release(2) };
            config["infra:release"] = release.ToJsonString();
        }, TeamSecrets.For("prod"));

        var diff = GraphDiff.Between(running, stopped);
        Assert.Equal(
            Services.Select(s => $"docker:index/container:Container {s}-green")
                .Concat(Probed.Select(s => $"command:remote:Command {s}-green-ready"))
                .Order(StringComparer.Ordinal),
            diff.Removed);
        Assert.Empty(diff.Created);
    }
}
