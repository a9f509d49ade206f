using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class PortRuleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-3000)]
    public void Port_outside_range_is_rejected(int port)
    {
        var config = Stacks.Prod();
        config.Service("api")["port"] = port;

        Expect.Problems(config, $"infra:services[1].port: port {port} of service 'api' is outside 1-65535");
    }

    [Fact]
    public void A_proxy_listener_on_the_runtime_api_port_is_rejected()
    {
        var config = Stacks.Prod();
        config.Proxy = new System.Text.Json.Nodes.JsonObject { ["previewPort"] = 9999, ["httpsPort"] = 443 };

        Expect.Problems(config, "infra:proxy.previewPort: port 9999 is taken by the proxy's runtime API inside its container; choose another");
    }

    [Fact]
    public void A_proxy_listener_on_the_switch_observation_port_is_rejected_with_https_on()
    {
        var config = Stacks.Prod();
        config.Proxy = new System.Text.Json.Nodes.JsonObject { ["previewPort"] = 9998, ["httpsPort"] = 443 };

        Expect.Problems(config, "infra:proxy.previewPort: port 9998 is taken by the proxy's loopback listener the switch observes routes through (with HTTPS on); choose another");
    }

    [Fact]
    public void Two_services_publishing_the_same_host_port_are_rejected()
    {
        var config = Stacks.Prod();
        config.Service("web")["hostPort"] = 9000;
        config.Service("api")["hostPort"] = 9000;

        Expect.Problems(config, "infra:services[1].hostPort: port 9000 of service 'api' is already published by service 'web' (infra:services[0].hostPort); give each a port of its own");
    }

    [Fact]
    public void Service_and_accessory_publishing_the_same_host_port_are_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["hostPort"] = 5432;
        config.Accessory("db")["hostPort"] = 5432;

        Expect.Problems(config, "infra:accessories[0].hostPort: port 5432 of accessory 'db' is already published by service 'api' (infra:services[1].hostPort); give each a port of its own");
    }

    [Fact]
    public void Service_publishing_a_port_the_proxy_owns_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("web")["hostPort"] = 80;

        Expect.Problems(config, "infra:services[0].hostPort: port 80 of service 'web' is already published by the proxy's HTTP listener (infra:proxy.httpPort); give each a port of its own");
    }

    [Fact]
    public void Same_container_port_on_the_private_network_is_allowed()
    {
        var config = Stacks.Prod();
        config.Service("web")["port"] = 8000;

        Assert.Empty(config.Problems());
    }
}
