using System.Text.Json.Nodes;
using Infra.Domain.Containers;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class PinnedSlotRuleTests
{
    [Fact]
    public void A_pinned_slot_is_valid_and_its_containers_are_planned_from_it_not_from_infra_services()
    {
        var config = Stacks.Prod().Pinned("blue");
        config.Service("api")["env"] = new JsonObject { ["FEATURE_X"] = "on" };
        config.Service("api")["memoryMb"] = 999;

        var settings = config.Load().Settings!;
        var api = DeploymentPlan.For(settings).Slots.Single(s => s.Slot == "blue").Services.Single(s => s.Owner == "api");

        Assert.Empty(config.Problems());
        Assert.False(api.Environment.ContainsKey("FEATURE_X"));
        Assert.Equal(512, api.MemoryMb);
    }

    [Fact]
    public void A_broken_pinned_service_is_reported_at_the_slot_key()
    {
        var config = Stacks.Prod().Pinned("blue");
        var pinned = JsonNode.Parse(config.Get("blueSlotServices")!.Text)!.AsArray();
        pinned[1]!["memoryMb"] = 1;
        pinned[1]!["env"] = new JsonObject { ["BAD NAME"] = "x" };
        config.WithPlain("blueSlotServices", pinned.ToJsonString());

        Expect.Problems(config,
            "infra:blueSlotServices[1].memoryMb: service 'api' memory limit 1 MiB is outside 16-262144",
            "infra:blueSlotServices[1].env.BAD NAME: 'BAD NAME' is not an environment variable name; use letters, digits and '_', not starting with a digit");
    }

    [Fact]
    public void A_pinned_slot_without_its_secret_values_is_refused_with_the_way_to_repair_it()
    {
        var config = Stacks.Prod().Pinned("blue").Without("blueSlotSecrets");

        Expect.Problems(config,
            "infra:blueSlotSecrets: slot 'blue' pins services that need secrets (apiJwtSecret), but their deployed values are not set; deploy the slot again with `release deploy` (it copies the stack's secrets into infra:blueSlotSecrets)");
    }

    [Fact]
    public void Secret_values_in_plain_text_missing_or_empty_are_each_reported()
    {
        Expect.Problems(Stacks.Prod().Pinned("blue").WithPlain("blueSlotSecrets", """{"apiJwtSecret":"x"}"""),
            "infra:blueSlotSecrets: the secret values of slot 'blue' are stored in plain text; remove the key and deploy the slot again with `release deploy` (it copies the stack's secrets into infra:blueSlotSecrets) on stack 'prod'");
        Expect.Problems(Stacks.Prod().Pinned("blue").WithSecret("blueSlotSecrets", "{}"),
            "infra:blueSlotSecrets.apiJwtSecret: slot 'blue' has no deployed value for secret 'apiJwtSecret'; deploy the slot again with `release deploy` (it copies the stack's secrets into infra:blueSlotSecrets)");
        Expect.Problems(Stacks.Prod().Pinned("blue").WithSecret("blueSlotSecrets", """{"apiJwtSecret":""}"""),
            "infra:blueSlotSecrets.apiJwtSecret: the deployed value of secret 'apiJwtSecret' in slot 'blue' is empty; an empty secret counts as not set");
    }

    [Fact]
    public void Pinned_services_for_a_slot_without_a_release_are_refused()
    {
        var config = Stacks.Prod().Pinned("green");

        Expect.Problems(config, "infra:greenSlotServices: slot 'green' holds no release but pins services; remove them (`release deploy` writes both)");
    }

    [Fact]
    public void A_release_must_pin_exactly_the_services_of_its_own_slot()
    {
        var config = Stacks.Prod().Pinned("blue");
        config.Services.Add(JsonNode.Parse("""{ "name": "admin", "image": "ghcr.io/acme/admin", "port": 9000, "healthPath": "/health" }"""));

        // The new service is not in blue: blue runs as deployed; the next release brings it.
        Assert.Empty(config.Problems());
        Assert.DoesNotContain(config.Load().Settings!.ServicesIn("blue"), s => s.Name == "admin");
    }
}
