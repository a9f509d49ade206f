using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests;

public class SafetyTests
{
    private static readonly HashSet<string> StatefulTypes =
    [
        "digitalocean:index/droplet:Droplet",
        "digitalocean:index/reservedIp:ReservedIp",
        "digitalocean:index/volume:Volume",
        "docker:index/volume:Volume",
        "cloudflare:index/dnsRecord:DnsRecord",
        "digitalocean:index/spacesBucket:SpacesBucket",
    ];

    public static TheoryData<string> AllStacks() =>
        new(new[] { "local", "staging", "prod" }
            .Concat(Directory.GetFiles(RepoFiles.Path("tests", "workloads"), "Pulumi.*.yaml").Select(Path.GetFileName).Order()!)!);

    private static Task<StackRun> Run(string stack) =>
        stack.EndsWith(".yaml", StringComparison.Ordinal) ? StackRun.OfWorkload(stack) : StackRun.OfRepoStack(stack, TeamSecrets.For(stack));

    [Theory]
    [MemberData(nameof(AllStacks))]
    public async Task Every_stateful_resource_is_protected_on_itself(string stack)
    {
        var run = await Run(stack);

        var stateful = run.Recorded.Where(r => StatefulTypes.Contains(r.Type)).ToList();
        Assert.NotEmpty(stateful);
        Assert.All(stateful, r => Assert.True(r.Protect, $"{r.Type} {r.Name} is not protected"));
        Assert.All(stateful.Where(r => r.Type.EndsWith(":Volume", StringComparison.Ordinal) || r.Type.EndsWith(":SpacesBucket", StringComparison.Ordinal)), r => Assert.True(r.RetainOnDelete, $"{r.Name} is not retained on delete"));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public async Task Accessory_containers_are_protected(string stack)
    {
        var run = await Run(stack);

        var accessories = run.Recorded.Where(r => r.Type == "infra:components:Accessory").Select(r => r.Name).ToList();
        Assert.All(accessories, name => Assert.True(run.Recorded.Single(r => r.Name == name && r.Type == "docker:index/container:Container").Protect));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public async Task Every_docker_resource_depends_on_the_readiness_step(string stack)
    {
        var run = await Run(stack);

        var docker = run.Recorded.Where(r => r.Type.StartsWith("docker:index/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(docker);
        Assert.All(docker, r => Assert.Contains("server-ready", r.DependsOn));
        Assert.All(docker, r => Assert.Equal("server-docker", r.Provider));
    }

    [Fact]
    public async Task Names_are_stable_children_of_their_component()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var children = run.Recorded.Where(r => !r.IsComponent && r.Parent is not null).ToList();
        Assert.All(children, r => Assert.StartsWith(r.Parent!, r.Name));
    }
}
