using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class DependencyRuleTests
{
    [Fact]
    public void Dependency_cycle_between_services_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["dependsOn"] = new JsonArray("db", "web");

        Expect.Problems(config, "infra:services[0].dependsOn: services depend on each other in a cycle: web -> api -> web; nothing in it could start first");
    }

    [Fact]
    public void Service_depending_on_itself_is_a_cycle()
    {
        var config = Stacks.Prod();
        config.Service("web")["dependsOn"] = new JsonArray("web");

        Expect.Problems(config, "infra:services[0].dependsOn: services depend on each other in a cycle: web -> web; nothing in it could start first");
    }

    [Fact]
    public void Dependency_on_unknown_name_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api")["dependsOn"] = new JsonArray("db", "postgres");

        Expect.Problems(config, "infra:services[1].dependsOn: service 'api' depends on 'postgres', which is neither a service nor an accessory");
    }
}
