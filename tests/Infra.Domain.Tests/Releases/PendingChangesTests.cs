using System.Text.Json.Nodes;
using Infra.Domain.Releases;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Releases;

public class PendingChangesTests
{
    private static PendingChanges Pending(TestStackConfig config, string stackValue = "same", string deployedValue = "same") =>
        PendingChanges.For(config.Load().Settings!, _ => stackValue, _ => deployedValue);

    [Fact]
    public void A_pinned_live_slot_that_matches_the_stack_file_has_nothing_pending()
    {
        Assert.True(Pending(Stacks.Prod().Pinned("blue")).IsEmpty);
        Assert.Empty(Pending(Stacks.Prod().Pinned("blue")).Describe("prod"));
    }

    [Fact]
    public void Edits_are_named_by_service_and_key_and_a_rotated_secret_by_variable_never_by_value()
    {
        var config = Stacks.Prod().Pinned("blue");
        config.Service("api")["env"] = new JsonObject { ["FEATURE_X"] = "on" };
        config.Service("web")["memoryMb"] = 300;
        config.Service("web")["command"] = new JsonArray("node", "server.js");
        config.Services.Add(JsonNode.Parse("""{ "name": "admin", "image": "ghcr.io/acme/admin", "port": 9000, "healthPath": "/health" }"""));

        var pending = Pending(config, stackValue: "new-secret-value", deployedValue: "old-secret-value");

        Assert.Equal(
        [
            "admin: added",
            "api: env.FEATURE_X, secret value of JWT_SECRET (apiJwtSecret)",
            "web: command, memoryMb",
        ], pending.Services.Select(s => s.ToString()));
        var text = string.Join("\n", pending.Describe("prod"));
        Assert.DoesNotContain("secret-value", text, StringComparison.Ordinal);
        Assert.Contains("`release deploy --stack prod <release-file>`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_live_slot_is_said_to_keep_its_settings_until_a_deploy_and_promotion()
    {
        var pending = Pending(Stacks.Prod());

        Assert.False(pending.IsEmpty);
        var line = Assert.Single(pending.Describe("prod"));
        Assert.StartsWith("the live slot blue of stack 'prod' has no pinned settings (written by hand): its containers keep the settings they were created with", line, StringComparison.Ordinal);
        Assert.Contains("`release deploy --stack prod` into the idle slot, then `release promote`", line, StringComparison.Ordinal);
    }
}
