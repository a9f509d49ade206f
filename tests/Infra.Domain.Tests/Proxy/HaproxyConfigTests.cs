using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

public class HaproxyConfigTests
{
    [Fact]
    public void Renders_the_reviewed_configuration()
    {
        Snapshot.Matches(HaproxyConfig.Render(ProxyStack.Prod()), "tests", "Infra.Domain.Tests", "Proxy", "Snapshots", "haproxy.cfg");
    }

    [Fact]
    public void Routes_hosts_first_then_longer_path_prefixes()
    {
        var routed = RoutedService.From(ProxyStack.Prod());

        Assert.Equal(["chat", "admin", "api", "web"], routed.Select(s => s.Name));
        Assert.Equal(["/ws", "/", "/api", "/"], routed.Select(s => s.PathPrefix));
        Assert.Equal("admin.acme.example", routed.Single(s => s.Name == "admin").Host);
    }

    [Fact]
    public void Services_without_a_route_get_no_backend()
    {
        var config = HaproxyConfig.Render(ProxyStack.Prod());

        Assert.DoesNotContain("worker", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Slots.Blue)]
    [InlineData(Slots.Green)]
    public void The_file_says_which_slot_is_active(string active)
    {
        var config = HaproxyConfig.Render(ProxyStack.Prod(active));
        var idle = Slots.Other(active);

        foreach (var service in new[] { "web", "api", "admin", "chat" })
        {
            Assert.Equal([active], EnabledServers(config, service));
            Assert.Equal([idle], EnabledServers(config, $"{service}_preview"));
            Assert.Equal([Slots.Blue, Slots.Green], EnabledServers(config, $"{service}_probe"));
        }

        Assert.Contains($"# Active slot: {active}.", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_https_only_when_a_port_is_set()
    {
        var settings = ProxyStack.Prod() with { Proxy = new ProxySettings { HttpPort = 80, PreviewPort = 8080 } };

        Assert.DoesNotContain(" ssl ", HaproxyConfig.Render(settings), StringComparison.Ordinal);
        Assert.Contains($"bind :443 ssl crt {ProxyLayout.ContainerCertificate}", HaproxyConfig.Render(ProxyStack.Prod()), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_unknown_slot()
    {
        Assert.Throws<ArgumentException>(() => HaproxyConfig.Render(ProxyStack.Prod("purple")));
    }

    /// <summary>The servers of a backend that carry no <c>disabled</c>.</summary>
    private static IReadOnlyList<string> EnabledServers(string config, string backend) =>
        config.Split('\n')
            .SkipWhile(line => line != $"backend {backend}")
            .Skip(1)
            .TakeWhile(line => line.StartsWith(' '))
            .Select(line => line.Trim().Split(' '))
            .Where(words => words[0] == "server" && !words.Contains("disabled"))
            .Select(words => words[1])
            .ToList();
}
