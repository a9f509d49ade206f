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

    private const string OriginTls = "infra:components:EdgeProxy$infra:components:OriginTls";

    [Theory]
    [InlineData(StepOp.Create, "proxy reload")]
    [InlineData(StepOp.Update, "proxy reload")]
    [InlineData(StepOp.Replace, "proxy reload")]
    [InlineData(StepOp.Delete, null)]
    public void Installing_a_certificate_reloads_the_running_proxy(StepOp op, string? kind)
    {
        var report = RiskReport.From("prod", [Step(op, OriginTls, "proxy-tls", "command:remote:Command", "proxy-tls-install")], liveSlot: "blue");

        Assert.Equal(kind, Assert.Single(report.Changes).TrafficKind);
    }

    [Fact]
    public void A_certificate_renewal_flags_its_install_and_the_acme_renewal_and_route_changes_reload_too()
    {
        var report = RiskReport.From("prod",
        [
            // Origin CA renewal: a new key and request, a new certificate, its install.
            Step(StepOp.Replace, OriginTls, "proxy-tls", "command:remote:Command", "proxy-tls-key"),
            Step(StepOp.Replace, OriginTls, "proxy-tls", "cloudflare:index/originCaCertificate:OriginCaCertificate", "proxy-tls-certificate"),
            Step(StepOp.Replace, OriginTls, "proxy-tls", "command:remote:Command", "proxy-tls-install"),
            Step(StepOp.Replace, "infra:components:EdgeProxy", "proxy", "command:remote:Command", "proxy-tls-acme"),
            Step(StepOp.Update, "infra:components:EdgeProxy", "proxy", "command:local:Command", "proxy-files"),
            Step(StepOp.Replace, "infra:components:EdgeProxy", "proxy", "command:remote:Command", "proxy-switch"),
        ], liveSlot: "blue");

        Assert.Equal(["proxy-files", "proxy-tls-acme", "proxy-tls-install"], report.Traffic.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(report.Traffic, change => Assert.Equal(TrafficResources.ProxyReload, change.TrafficKind));
    }

    [Fact]
    public void A_new_proxy_has_nothing_running_to_reload()
    {
        var report = RiskReport.From("prod",
        [
            Step(StepOp.Create, "infra:components:EdgeProxy", "proxy", "docker:index/container:Container", "proxy"),
            Step(StepOp.Create, "infra:components:EdgeProxy", "proxy", "command:remote:Command", "proxy-files"),
            Step(StepOp.Create, OriginTls, "proxy-tls", "command:remote:Command", "proxy-tls-install"),
        ], liveSlot: "blue");

        Assert.Empty(report.Traffic);
    }
}
