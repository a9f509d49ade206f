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
        Assert.Contains("prod_api-blue", NamesOf(prod));
        Assert.Contains("prod_db-data", NamesOf(prod));
        Assert.Contains("infra-prod", NamesOf(prod));
    }

    [Fact]
    public void Inside_the_network_containers_keep_their_short_names()
    {
        var plan = DeploymentPlan.For(Stacks.Prod().Load().Settings!);

        Assert.Equal(["api-blue"], plan.Slots[0].Services.Single(s => s.Owner == "api").NetworkAliases);
        Assert.Equal(["db"], plan.Accessories.Single(a => a.Owner == "db").NetworkAliases);
    }

    [Theory]
    [InlineData("prod", "api-x", "prod-api", "x")]
    [InlineData("prod", "api-blue", "prod-api", "blue")]
    [InlineData("a", "b-c-d", "a-b", "c-d")]
    [InlineData("a-b", "c", "a", "b-c")]
    public void A_stack_and_a_name_that_concatenate_alike_give_different_docker_names(string stack, string name, string otherStack, string otherName)
    {
        Assert.NotEqual(new DockerNames(stack).Container(name), new DockerNames(otherStack).Container(otherName));
        Assert.NotEqual(new DockerNames(stack).Volume(name), new DockerNames(otherStack).Volume(otherName));
    }

    /// <summary>The whole class: every valid stack and name joined gives a Docker name that splits back into exactly that pair.</summary>
    [Fact]
    public void Every_docker_name_splits_back_into_its_one_stack_and_name()
    {
        string[] stacks = ["prod", "prod-api", "prod-api-x", "p.1", "Prod-EU", "a"];
        string[] names = ["api", "api-x", "x", "api-blue", "blue", "db-data", "a-b-c"];
        var seen = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var stack in stacks)
        {
            Assert.Empty(Infra.Domain.Validation.NamingRule.CheckStackName(stack));
            foreach (var name in names)
            {
                Assert.True(Infra.Domain.Validation.NamingRule.IsValidName(name), name);
                var docker = new DockerNames(stack).Container(name);
                Assert.True(seen.TryAdd(docker, (stack, name)), $"{docker} from {stack}+{name} and {seen.GetValueOrDefault(docker)}");
                var split = docker.Split(DockerNames.Separator);
                Assert.Equal([stack, name], split);
            }
        }
    }

    [Theory]
    [InlineData("prod_api", "holds '_'")]
    [InlineData("-prod", "cannot start Docker names")]
    [InlineData("prod api", "cannot start Docker names")]
    [InlineData("prod/api", "cannot start Docker names")]
    public void A_stack_name_that_could_collide_or_that_docker_refuses_is_a_validation_error_naming_it(string stack, string expected)
    {
        var error = Assert.Single(Infra.Domain.Validation.NamingRule.CheckStackName(stack));
        Assert.Equal(Infra.Domain.Validation.NamingRule.StackNameKey, error.Key);
        Assert.Contains($"stack '{stack}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_file_of_a_stack_named_with_the_separator_reports_it_by_key()
    {
        var loaded = Stacks.Cloud("prod_eu", "prod").Load();

        Assert.False(loaded.IsValid);
        var error = Assert.Single(loaded.Errors, e => e.Key == "stack name");
        Assert.Contains("rename the stack without it (`pulumi stack rename`), e.g. 'prod-eu'", error.Message, StringComparison.Ordinal);
    }
}
