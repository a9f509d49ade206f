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
