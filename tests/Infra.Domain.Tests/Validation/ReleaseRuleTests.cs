using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class ReleaseRuleTests
{
    [Fact]
    public void Release_naming_an_unknown_service_is_rejected()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["images"]!["billing"] = "ghcr.io/acme/billing@" + Stacks.ApiDigest;

        Expect.Problems(config, "infra:release.slots.blue.images.billing: the release in slot 'blue' names 'billing', which is not a service");
    }

    [Fact]
    public void Release_missing_a_service_is_rejected()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["images"]!.AsObject().Remove("web");

        Expect.Problems(config, "infra:release.slots.blue.images: the release in slot 'blue' has no image for service 'web'; a release pins every service");
    }

    [Fact]
    public void Active_slot_other_than_blue_or_green_is_rejected()
    {
        var config = Stacks.Prod();
        config.Release["activeSlot"] = "red";

        Expect.Problems(config, "infra:release.activeSlot: 'red' is not a slot; use blue or green");
    }

    [Fact]
    public void Active_slot_with_empty_release_is_rejected()
    {
        var config = Stacks.Prod();
        config.Release["activeSlot"] = "green";

        Expect.Problems(config, "infra:release.slots.green: the active slot 'green' has no release; deploy one into it before it can take traffic");
    }

    [Fact]
    public void Slot_other_than_blue_or_green_is_rejected()
    {
        var config = Stacks.Prod();
        config.Release["slots"]!["canary"] = new JsonObject { ["version"] = "x", ["images"] = new JsonObject() };

        Expect.Problems(config, "infra:release.slots.canary: 'canary' is not a slot; the slots are blue and green");
    }

    [Fact]
    public void Release_without_version_label_is_rejected()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["version"] = "";

        Expect.Problems(config, "infra:release.slots.blue.version: the release in slot 'blue' has no version label; give it one so it can be found in history");
    }
}
