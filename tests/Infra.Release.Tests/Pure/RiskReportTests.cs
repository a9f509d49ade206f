using Infra.Release.Engine;
using Infra.Release.Risk;

namespace Infra.Release.Tests.Pure;

public class RiskReportTests
{
    private const string Root = "urn:pulumi:prod::infra::pulumi:pulumi:Stack::infra-prod";

    private static StepEvent Step(StepOp op, string parentType, string parentName, string type, string name) =>
        new(op, $"urn:pulumi:prod::infra::{parentType}${type}::{name}", type, $"urn:pulumi:prod::infra::{parentType}::{parentName}", false, [], []);

    [Fact]
    public void One_line_per_resource_at_its_most_severe_step_grouped_by_component()
    {
        var report = RiskReport.From("prod", new[]
        {
            Step(StepOp.Update, "infra:components:ContainerService", "api-green", "docker:index/container:Container", "api-green"),
            Step(StepOp.Replace, "infra:components:ContainerService", "api-green", "docker:index/container:Container", "api-green"),
            Step(StepOp.Same, "infra:components:Server", "server", "digitalocean:index/droplet:Droplet", "server-droplet"),
            new StepEvent(StepOp.Create, "urn:pulumi:prod::infra::infra:components:Monitoring::monitoring", "infra:components:Monitoring", Root, false, [], []),
        }, liveSlot: "blue");

        Assert.Equal([("ContainerService api-green", ChangeKind.Replaced), ("stack", ChangeKind.Created)], report.Changes.Select(c => (c.Component, c.Change)).OrderBy(c => c.Component, StringComparer.Ordinal));
        Assert.Empty(report.Destructive);
        Assert.Empty(report.Traffic);
    }

    [Theory]
    [InlineData(StepOp.Update, "live slot blue")]
    [InlineData(StepOp.Replace, "live slot blue")]
    [InlineData(StepOp.Delete, "live slot blue")]
    [InlineData(StepOp.Create, null)]
    public void A_live_slot_container_interrupts_traffic_when_it_changes_or_goes(StepOp op, string? kind)
    {
        var report = RiskReport.From("prod", [Step(op, "infra:components:ContainerService", "api-blue", "docker:index/container:Container", "api-blue")], liveSlot: "blue");

        Assert.Equal(kind, Assert.Single(report.Changes).TrafficKind);
    }

    [Fact]
    public void The_idle_slot_and_resources_that_are_not_containers_never_interrupt_traffic()
    {
        var report = RiskReport.From("prod",
        [
            Step(StepOp.Replace, "infra:components:ContainerService", "api-green", "docker:index/container:Container", "api-green"),
            Step(StepOp.Replace, "infra:components:ContainerService", "api-blue", "docker:index/remoteImage:RemoteImage", "api-blue-image"),
            Step(StepOp.Replace, "infra:components:EdgeProxy", "proxy", "command:local:Command", "proxy-switch"),
        ], liveSlot: "blue");

        Assert.Empty(report.Traffic);
    }
}
