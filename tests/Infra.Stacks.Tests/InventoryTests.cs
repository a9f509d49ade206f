using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests;

/// <summary>The full inventory of each stack: types, names, parents and options, against reviewed snapshots.</summary>
public class InventoryTests
{
    public static TheoryData<string> RepoStacks() => new("local", "staging", "prod");

    public static TheoryData<string> Workloads() =>
        new(Directory.GetFiles(RepoFiles.Path("tests", "workloads"), "Pulumi.*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(RepoStacks))]
    public async Task Repo_stack_inventory_matches_snapshot(string stack)
    {
        var run = await StackRun.OfRepoStack(stack, TeamSecrets.For(stack));

        Snapshot.Matches(Lines(run.Snapshot()), "tests", "Infra.Stacks.Tests", "Snapshots", $"stack-{stack}.txt");
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task Workload_inventory_matches_snapshot(string file)
    {
        var run = await StackRun.OfWorkload(file);

        Snapshot.Matches(Lines(run.Snapshot()), "tests", "Infra.Stacks.Tests", "Snapshots", $"workload-{Path.GetFileNameWithoutExtension(file)["Pulumi.".Length..]}.txt");
    }

    private static string Lines(IReadOnlyList<string> lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public async Task Every_registered_resource_was_seen_by_the_recorder()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        Assert.Equal(
            run.Resources.Select(r => r.GetResourceName()).Order(),
            run.Recorded.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Prod_counts_per_type()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var counts = run.Recorded.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, counts["digitalocean:index/droplet:Droplet"]);
        Assert.Equal(1, counts["digitalocean:index/reservedIp:ReservedIp"]);
        Assert.Equal(1, counts["digitalocean:index/volume:Volume"]);
        Assert.Equal(1, counts["digitalocean:index/firewall:Firewall"]);
        Assert.Equal(1, counts["cloudflare:index/dnsRecord:DnsRecord"]);
        // 3 services in the blue slot (green is empty) + 2 accessories + the proxy.
        Assert.Equal(6, counts["docker:index/container:Container"]);
        Assert.Equal(3, counts["infra:components:ContainerService"]);
        Assert.Equal(2, counts["infra:components:Accessory"]);
    }
}
