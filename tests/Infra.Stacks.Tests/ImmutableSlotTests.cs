using Pulumi;
using System.Text.Json.Nodes;
using Infra.Domain.Validation;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests;

/// <summary>
/// Prod with green live and both slots pinned, as `release deploy` leaves them. Editing the stack
/// file or rotating a secret prepares the next deploy and touches nothing that takes traffic; the
/// change reaches traffic by a deploy into the idle slot and a promotion; switching back brings the
/// previous slot back with the configuration and secret values it ran with.
/// </summary>
public class ImmutableSlotTests
{
    private static readonly string[] Services = ["api", "web", "worker"];

    private static JsonObject Release(int number) => ProdReleases.Release(number);

    /// <summary>A stack state: the stack file's services and secrets, and what each slot was deployed with.</summary>
    private sealed record State(string Active, JsonArray Services, Dictionary<string, string> Secrets, JsonArray Blue, Dictionary<string, string> BlueSecrets, JsonArray Green, Dictionary<string, string> GreenSecrets)
    {
        public State Edit(Action<JsonArray> change)
        {
            var services = (JsonArray)Services.DeepClone();
            change(services);
            return this with { Services = services };
        }

        public State Rotate(string key, string value) => this with { Secrets = new Dictionary<string, string>(Secrets) { [key] = value } };

        /// <summary>`release deploy` of <paramref name="release"/> into the idle slot: the stack's services and secrets are copied into it.</summary>
        public State DeployIntoIdle() => Active == "green"
            ? this with { Blue = (JsonArray)Services.DeepClone(), BlueSecrets = Pin(Secrets) }
            : this with { Green = (JsonArray)Services.DeepClone(), GreenSecrets = Pin(Secrets) };

        public State Promote() => this with { Active = Active == "green" ? "blue" : "green" };

        private static Dictionary<string, string> Pin(Dictionary<string, string> secrets) =>
            new[] { "apiJwtSecret", "dbPassword", "cachePassword" }.ToDictionary(k => k, k => secrets[k]);
    }

    private static State Initial()
    {
        var file = Infra.Domain.Configuration.StackFileConfig.Load(RepoFiles.Path("Pulumi.prod.yaml"));
        var services = JsonNode.Parse(file.Get("services")!.Text)!.AsArray();
        var secrets = TeamSecrets.For("prod").ToDictionary(k => k, k => $"first-{k}");
        var pinned = new[] { "apiJwtSecret", "dbPassword", "cachePassword" }.ToDictionary(k => k, k => secrets[k]);
        return new State("green", services, secrets, (JsonArray)services.DeepClone(), pinned, (JsonArray)services.DeepClone(), new Dictionary<string, string>(pinned));
    }

    private static Task<StackRun> Run(State state, int blueRelease = 1, int greenRelease = 2) =>
        StackRun.OfFile(RepoFiles.Path("Pulumi.prod.yaml"), config =>
        {
            config["infra:release"] = new JsonObject
            {
                ["activeSlot"] = state.Active,
                ["slots"] = new JsonObject { ["blue"] = Release(blueRelease), ["green"] = Release(greenRelease) },
            }.ToJsonString();
            config["infra:services"] = state.Services.ToJsonString();
            foreach (var (key, value) in state.Secrets)
            {
                config[Infra.Domain.Configuration.ConfigKeys.Full(key)] = value;
            }

            config["infra:blueSlotServices"] = state.Blue.ToJsonString();
            config["infra:greenSlotServices"] = state.Green.ToJsonString();
            config["infra:blueSlotSecrets"] = SecretValues.Write(state.BlueSecrets);
            config["infra:greenSlotSecrets"] = SecretValues.Write(state.GreenSecrets);
        }, [.. TeamSecrets.For("prod"), "blueSlotSecrets", "greenSlotSecrets"]);

    /// <summary>Every resource that takes traffic while <paramref name="slot"/> is live.</summary>
    private static IEnumerable<string> TakingTraffic(string slot) =>
        Services.Select(s => $"docker:index/container:Container {s}-{slot}")
            .Concat(["docker:index/container:Container proxy", "docker:index/container:Container db", "docker:index/container:Container cache"]);

    public static TheoryData<string> Edits() => ["env entry", "secret rotation", "memory", "command", "volume"];

    private static State Apply(State state, string edit) => edit switch
    {
        "env entry" => state.Edit(s => s[1]!["env"]!.AsObject()["FEATURE_X"] = "on"),
        "secret rotation" => state.Rotate("apiJwtSecret", "rotated-jwt"),
        "memory" => state.Edit(s => s[1]!["memoryMb"] = 768),
        "command" => state.Edit(s => s[1]!["command"] = new JsonArray("node", "dist/server.js")),
        "volume" => state.Edit(s => s[1]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "uploads", ["path"] = "/app/uploads" })),
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, null),
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task An_edit_touches_nothing_that_takes_traffic_until_deployed_and_promoted(string edit)
    {
        var before = Initial();
        var baseline = await Run(before);

        var edited = Apply(before, edit);
        var afterEdit = GraphDiff.Between(baseline, await Run(edited));
        Assert.Empty(afterEdit.Changed.Concat(afterEdit.Removed));
        Assert.All(afterEdit.Created, created => Assert.Matches("^(docker:index/volume:Volume|infra:components:ServiceVolumes) ", created));

        // Deploy (the same release, with the new settings) into the idle slot: blue changes, green does not.
        var deployed = edited.DeployIntoIdle();
        var afterDeploy = GraphDiff.Between(baseline, await Run(deployed));
        Assert.Contains("docker:index/container:Container api-blue", afterDeploy.Changed);
        Assert.Empty(afterDeploy.Touched.Intersect(TakingTraffic("green")));

        // Promote: the proxy switches to blue; no container is restarted.
        var promoted = GraphDiff.Between(await Run(deployed), await Run(deployed.Promote()));
        Assert.Equal(["command:remote:Command proxy-switch"], promoted.Touched);
    }

    [Fact]
    public async Task A_rotated_secret_reaches_only_the_slot_deployed_after_it_and_switching_back_brings_the_old_value()
    {
        var rotated = Initial().Rotate("apiJwtSecret", "rotated-jwt").DeployIntoIdle().Promote();
        var run = await Run(rotated);

        Assert.Contains("JWT_SECRET=rotated-jwt", Envs(run, "api-blue"));
        Assert.Contains("JWT_SECRET=first-apiJwtSecret", Envs(run, "api-green"));

        // Switching back to green is a promotion: green's containers are the ones that ran before, with the old value.
        var back = GraphDiff.Between(run, await Run(rotated.Promote()));
        Assert.Equal(["command:remote:Command proxy-switch"], back.Touched);
    }

    [Fact]
    public async Task A_slot_secret_value_is_a_pulumi_secret()
    {
        var run = await Run(Initial());
        Pulumi.Input<System.Collections.Immutable.ImmutableArray<string>> input = run.ArgsOf<Pulumi.Docker.ContainerArgs>("api-green").Envs;
        var envs = input.ToOutput();

        Assert.True(await Pulumi.Output.IsSecretAsync(envs));
        Assert.Contains("JWT_SECRET=first-apiJwtSecret", await Pulumi.Utilities.OutputUtilities.GetValueAsync(envs));
    }

    private static IReadOnlyList<string> Envs(StackRun run, string container) =>
        ((IEnumerable<object>)run.Inputs[$"docker:index/container:Container {container}"]["envs"]).Select(e => e.ToString()!).ToList();

    /// <summary>
    /// The repo's prod stack has a live blue slot written by hand (no pinned settings): its containers
    /// are told to keep the settings they were created with, so an edit of infra:services or a secret
    /// cannot restart them; the pinned or idle slots get no such guard.
    /// </summary>
    [Fact]
    public async Task A_live_slot_written_by_hand_keeps_its_containers_settings_on_an_edit()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        foreach (var service in Services)
        {
            var live = run.Named<Infra.Components.ContainerService>($"{service}-blue");
            Assert.Equal(Infra.Domain.Containers.SlotContainers.SettingsInputs, live.IgnoredChanges);
        }

        // Both slots pinned, green live (as `release deploy` and `promote` leave them).
        var pinned = await Run(Initial());
        foreach (var service in Services)
        {
            Assert.Empty(pinned.Named<Infra.Components.ContainerService>($"{service}-green").IgnoredChanges);
            Assert.Empty(pinned.Named<Infra.Components.ContainerService>($"{service}-blue").IgnoredChanges);
        }
    }
}
