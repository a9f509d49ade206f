using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Releases;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Hosting;

public class DockerNamesTests
{
    /// <summary>Every Docker name a stack's plan uses: containers, volumes, the network, the helpers and tasks.</summary>
    private static IReadOnlyList<string> NamesOf(StackSettings settings)
    {
        var names = DockerNames.For(settings);
        var plan = DeploymentPlan.For(settings);
        var specs = plan.Accessories.Concat(plan.Slots.SelectMany(s => s.Services)).ToList();
        return specs.Select(s => names.Container(s.ContainerName))
            .Concat(specs.SelectMany(s => s.Volumes).Select(v => names.Volume(v.VolumeName)))
            .Concat(Slots.All.SelectMany(slot => ReleaseTaskPlanner.For(settings, slot, names.Network)).Select(t => t.ResourceName))
            .Concat([names.Network, names.Proxy, names.ProxyFilesVolume, names.Container("proxy-switch"), names.Container("proxy-files")])
            .ToList();
    }

    [Fact]
    public void Two_stacks_on_one_engine_share_no_docker_name()
    {
        var prod = Stacks.Prod().Load().Settings!;
        var other = prod with { StackName = "prod2" };

        Assert.Empty(NamesOf(prod).Intersect(NamesOf(other)));
        Assert.Contains("prod-api-blue", NamesOf(prod));
        Assert.Contains("prod-db-data", NamesOf(prod));
        Assert.Contains("infra-prod", NamesOf(prod));
    }

    [Fact]
    public void Inside_the_network_containers_keep_their_short_names()
    {
        var plan = DeploymentPlan.For(Stacks.Prod().Load().Settings!);

        Assert.Equal(["api-blue"], plan.Slots[0].Services.Single(s => s.Owner == "api").NetworkAliases);
        Assert.Equal(["db"], plan.Accessories.Single(a => a.Owner == "db").NetworkAliases);
    }
}
