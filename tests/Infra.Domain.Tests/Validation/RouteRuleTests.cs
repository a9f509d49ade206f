using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class RouteRuleTests
{
    [Fact]
    public void Two_routes_with_the_same_path_are_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["route"] = new JsonObject { ["pathPrefix"] = "/" };

        Expect.Problems(config, "infra:services[1].route: route */ of service 'api' is already claimed by service 'web'; each route needs one owner");
    }

    [Fact]
    public void Two_routes_with_the_same_host_are_rejected()
    {
        var config = Stacks.Prod();
        config.Service("web")["route"] = new JsonObject { ["host"] = "app.example.com" };
        config.Service("api")["route"] = new JsonObject { ["host"] = "APP.example.com" };

        Expect.Problems(config, "infra:services[1].route: route APP.example.com/ of service 'api' is already claimed by service 'web'; each route needs one owner");
    }

    [Fact]
    public void Same_path_on_different_hosts_is_allowed()
    {
        var config = Stacks.Prod();
        config.Service("web")["route"] = new JsonObject { ["host"] = "app.example.com", ["pathPrefix"] = "/" };
        config.Service("api")["route"] = new JsonObject { ["host"] = "api.example.com", ["pathPrefix"] = "/" };

        Assert.Empty(config.Problems());
    }

    [Fact]
    public void Route_to_a_worker_without_port_is_rejected()
    {
        var config = Stacks.Prod();
        var api = config.Service("api");
        api.Remove("port");
        api.Remove("healthPath");
        api["healthCommand"] = new JsonArray("true");

        Expect.Problems(config, "infra:services[1].route: service 'api' has a route but no port; give it a port or remove the route");
    }
}

public class RouteTextTests
{
    [Theory]
    [InlineData("/api v2")]
    [InlineData("/api#x")]
    [InlineData("api")]
    [InlineData("/a'b")]
    public void Path_prefix_that_would_break_the_proxy_config_is_rejected(string prefix)
    {
        var config = Infra.Domain.Tests.Support.Stacks.Prod();
        config.Service("api")["route"] = new System.Text.Json.Nodes.JsonObject { ["pathPrefix"] = prefix };

        Infra.Domain.Tests.Support.Expect.Problems(config, $"infra:services[1].route.pathPrefix: '{prefix}' is not a path prefix; start with '/' and use only letters, digits and . _ ~ - /");
    }

    [Theory]
    [InlineData("app example.com")]
    [InlineData("app.example.com/")]
    [InlineData("-bad.example.com")]
    public void Host_that_is_not_a_host_name_is_rejected(string host)
    {
        var config = Infra.Domain.Tests.Support.Stacks.Prod();
        config.Service("api")["route"] = new System.Text.Json.Nodes.JsonObject { ["host"] = host };

        Infra.Domain.Tests.Support.Expect.Problems(config, $"infra:services[1].route.host: '{host}' is not a host name (e.g. app.example.com)");
    }

    [Fact]
    public void Health_path_with_a_space_is_rejected()
    {
        var config = Infra.Domain.Tests.Support.Stacks.Prod();
        config.Service("api")["healthPath"] = "/health check";

        Infra.Domain.Tests.Support.Expect.Problems(config, "infra:services[1].healthPath: '/health check' is not a path; start with '/' and use only letters, digits and . _ ~ - /");
    }
}
