using System.Text.Json.Nodes;
using Infra.Domain.Validation;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

/// <summary>
/// `release deploy` makes the idle slot immutable: the services' settings and the secret values it
/// runs with are copied into the slot, so later edits of infra:services or a secret reach traffic
/// only through the next deploy and promote, and switching back finds the old slot as it was.
/// </summary>
public sealed class SlotPinningTests : IDisposable
{
    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    private Dictionary<string, string> SlotSecrets(string slot) =>
        SecretValues.TryParse(_harness.Engine.SecretValues[$"infra:{slot}SlotSecrets"], out var values)
            ? values.ToDictionary(v => v.Key, v => v.Value)
            : throw new InvalidOperationException("not a secret map");

    [Fact]
    public async Task Deploy_pins_the_stack_services_and_secret_values_into_the_idle_slot_and_prints_no_value()
    {
        _harness.Healthy(_harness.Preview);
        _harness.Engine.SecretValues["infra:apiJwtSecret"] = "jwt-one";

        Assert.Equal(0, await _harness.RunAsync("deploy", _harness.WriteFile("release.yaml", TestReleases.V2Yaml), "--stack", "staging"));

        var pinned = _harness.Engine.Plain("infra:greenSlotServices")!.AsArray();
        Assert.Equal(["web", "api", "worker"], pinned.Select(s => (string?)s!["name"]));
        Assert.Equal("db", (string?)pinned[1]!["env"]!["DATABASE_HOST"]);
        Assert.Equal(
            new Dictionary<string, string> { ["apiJwtSecret"] = "jwt-one", ["cachePassword"] = "value-of-infra:cachePassword", ["dbPassword"] = "value-of-infra:dbPassword" },
            SlotSecrets("green"));
        Assert.DoesNotContain(_harness.Console.Lines.Concat(_harness.Console.Errors), line => line.Contains("jwt-one", StringComparison.Ordinal) || line.Contains("value-of-", StringComparison.Ordinal));
        Assert.Contains("  config infra:greenSlotSecrets = the stack's current values of apiJwtSecret, cachePassword, dbPassword (secret)", _harness.Console.Lines);
    }

    [Fact]
    public async Task A_rotated_secret_goes_only_into_the_slot_deployed_after_it_and_the_old_slot_keeps_the_old_value()
    {
        _harness.Healthy(_harness.Preview).Healthy(_harness.Live);
        _harness.Engine.SecretValues["infra:apiJwtSecret"] = "jwt-old";
        Assert.Equal(0, await _harness.RunAsync("deploy", _harness.WriteFile("release.yaml", TestReleases.V2Yaml), "--stack", "staging"));
        Assert.Equal(0, await _harness.RunAsync("promote", "--stack", "staging", "--watch", "0"));

        // The runbook's rotation: set the new value, deploy the current release into the idle slot, promote.
        _harness.Engine.SecretValues["infra:apiJwtSecret"] = "jwt-new";
        Assert.Equal(0, await _harness.RunAsync("deploy", _harness.WriteFile("release.yaml", TestReleases.V2Yaml), "--stack", "staging"));

        Assert.Equal("jwt-new", SlotSecrets("blue")["apiJwtSecret"]);
        Assert.Equal("jwt-old", SlotSecrets("green")["apiJwtSecret"]);
        Assert.Equal("green", (string?)_harness.Engine.Release["activeSlot"]);
    }

    [Fact]
    public async Task An_empty_stack_secret_refuses_the_deploy_before_anything_is_written()
    {
        _harness.Engine.SecretValues["infra:apiJwtSecret"] = "  ";

        var exit = await _harness.RunAsync("deploy", _harness.WriteFile("release.yaml", TestReleases.V2Yaml), "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(["secret infra:apiJwtSecret is not set or empty; run `pulumi config set --secret apiJwtSecret <value> --stack staging`; nothing was changed"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task An_edit_of_infra_services_after_a_deploy_leaves_the_pinned_slot_as_deployed()
    {
        _harness.Healthy(_harness.Preview);
        Assert.Equal(0, await _harness.RunAsync("deploy", _harness.WriteFile("release.yaml", TestReleases.V2Yaml), "--stack", "staging"));
        var before = _harness.Engine.Plain("infra:greenSlotServices")!.ToJsonString();

        _harness.Engine.Edit("infra:services", services => services[1]!["env"]!.AsObject()["FEATURE_X"] = "on");

        Assert.Equal(before, _harness.Engine.Plain("infra:greenSlotServices")!.ToJsonString());
        Assert.Null(JsonNode.Parse(before)![1]!["env"]!["FEATURE_X"]);
    }
}
