using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class HealthCheckRuleTests
{
    [Fact]
    public void Service_with_port_and_no_health_path_is_rejected()
    {
        var config = Stacks.Prod();
        config.Service("api").Remove("healthPath");

        Expect.Problems(config, "infra:services[1].healthPath: service 'api' listens on port 8000 but has no health path; set healthPath to a path that answers 200 when it is ready (e.g. /health)");
    }

    [Fact]
    public void Worker_without_port_needs_a_health_command()
    {
        var config = Stacks.Prod();
        config.Services.Add(new JsonObject { ["name"] = "worker", ["image"] = "ghcr.io/acme/api" });
        config.Slot("blue")["images"]!["worker"] = "ghcr.io/acme/api@" + Stacks.ApiDigest;

        Expect.Problems(config, "infra:services[2].healthCommand: service 'worker' listens on no port, so it needs a healthCommand (e.g. [\"node\", \"healthcheck.js\"]) that exits 0 when it works");
    }

    [Fact]
    public void Worker_with_health_command_is_accepted()
    {
        var config = Stacks.Prod();
        config.Services.Add(new JsonObject { ["name"] = "worker", ["image"] = "ghcr.io/acme/api", ["healthCommand"] = new JsonArray("node", "health.js") });
        config.Slot("blue")["images"]!["worker"] = "ghcr.io/acme/api@" + Stacks.ApiDigest;

        Assert.Empty(config.Problems());
    }
}
