using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Domain.Configuration;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests.Engine;

/// <summary>
/// The local stack (Pulumi.local.yaml) on the real engine through a release cycle, applied by
/// <see cref="Applier"/>: its image references edited to the stand-ins of tests/images, its proxy ports
/// to free ones, and a stack name of its own so every Docker name is new. Shared by the
/// <c>Requires=docker</c> test and bench/e2e.
/// </summary>
public sealed class LocalStackCycle : IAsyncDisposable
{
    private readonly Dictionary<string, string> _config;
    private readonly List<string> _secretKeys;

    private LocalStackCycle(string stack, Dictionary<string, string> config, List<string> secretKeys, Applier applier, Images images, int publicPort, int previewPort)
    {
        Stack = stack;
        _config = config;
        _secretKeys = secretKeys;
        Applier = applier;
        Stand = images;
        PublicPort = publicPort;
        PreviewPort = previewPort;
    }

    public sealed record Images(string Proxy, string Postgres, string Redis, IReadOnlyDictionary<string, string> Web, IReadOnlyDictionary<string, string> Api);

    public string Stack { get; }
    public Applier Applier { get; }
    public Images Stand { get; }
    public int PublicPort { get; }
    public int PreviewPort { get; }

    public const string ReleaseTask = "migrate";

    /// <summary>Builds (or finds) the stand-ins: web without a shell, api with one, releases 1 and 2 of each.</summary>
    public static async Task<LocalStackCycle> Create()
    {
        await DockerEngine.Require();
        var images = new Images(
            await DockerEngine.Image("haproxy"),
            await DockerEngine.Image("postgres"),
            await DockerEngine.Image("redis"),
            new Dictionary<string, string> { ["1"] = await DockerEngine.Image("app", "1"), ["2"] = await DockerEngine.Image("app", "2") },
            new Dictionary<string, string> { ["1"] = await DockerEngine.Image("shell-app", "1"), ["2"] = await DockerEngine.Image("shell-app", "2") });
        var file = StackFileConfig.Load(RepoFiles.Path("Pulumi.local.yaml"));
        var config = new Dictionary<string, string>();
        foreach (var key in file.Keys)
        {
            config[key] = file.Get(key)!.Text;
        }

        var secretKeys = TeamSecrets.For("local").Select(ConfigKeys.Full).ToList();
        foreach (var key in secretKeys)
        {
            config[key] = $"e2e-{Guid.NewGuid():N}";
        }

        var publicPort = ProcessRunner.FreePort();
        var previewPort = ProcessRunner.FreePort();
        var services = JsonNode.Parse(config["infra:services"])!.AsArray();
        foreach (var service in services)
        {
            var name = (string)service!["name"]!;
            service["image"] = Repository(name == "web" ? images.Web["1"] : images.Api["1"]);
            if (name == "api")
            {
                // Runs from the release's own image with only a shell: proves the secrets arrive on stdin.
                service["releaseTasks"] = new JsonArray(new JsonObject
                {
                    ["name"] = ReleaseTask,
                    ["command"] = new JsonArray("sh", "-c", "test -n \"$DATABASE_PASSWORD\" && echo migrated"),
                    ["timeoutSeconds"] = 60,
                });
            }
        }

        config["infra:services"] = services.ToJsonString();
        var accessories = JsonNode.Parse(config["infra:accessories"])!.AsArray();
        foreach (var accessory in accessories)
        {
            accessory!["image"] = (string)accessory["kind"]! == "postgres" ? images.Postgres : images.Redis;
        }

        config["infra:accessories"] = accessories.ToJsonString();
        config["infra:proxy"] = new JsonObject { ["httpPort"] = publicPort, ["previewPort"] = previewPort }.ToJsonString();
        var stack = $"e{Guid.NewGuid():N}"[..8];
        var applier = new Applier(new Dictionary<string, string> { [ProxyImage.Reference] = images.Proxy });
        var cycle = new LocalStackCycle(stack, config, secretKeys, applier, images, publicPort, previewPort);
        cycle.SetRelease(Slots.Blue, new() { [Slots.Blue] = cycle.Release("1") });
        return cycle;
    }

    private static string Repository(string tag) => tag[..tag.LastIndexOf(':')];

    public JsonObject Release(string version) => new()
    {
        ["version"] = $"e2e-{version}",
        ["images"] = new JsonObject { ["web"] = Stand.Web[version], ["api"] = Stand.Api[version] },
    };

    /// <summary>Sets infra:release (active slot, and each slot's release; a slot not given is empty).</summary>
    public void SetRelease(string active, Dictionary<string, JsonObject> slots)
    {
        var all = new JsonObject();
        foreach (var slot in Slots.All)
        {
            all[slot] = slots.TryGetValue(slot, out var release) ? release : new JsonObject { ["version"] = "", ["images"] = new JsonObject() };
        }

        _config["infra:release"] = new JsonObject { ["activeSlot"] = active, ["slots"] = all }.ToJsonString();
    }

    /// <summary>Runs the stack under mocks with the current configuration and applies it to the engine.</summary>
    public async Task Apply() => await Applier.Apply(await StackRun.Run(Stack, _config, _secretKeys));

    /// <summary>Id and StartedAt of the stack's containers in a slot (restarts change StartedAt, replacements the id).</summary>
    public async Task<IReadOnlyList<string>> SlotContainers(string slot)
    {
        var result = await DockerEngine.RunOnBareHost(
            $"docker ps -aq --filter label=infra.slot={slot} --filter label={Applier.RunLabel}={Applier.RunId} | while read -r id; do docker inspect --format '{{{{.Name}}}} {{{{.Id}}}} {{{{.State.StartedAt}}}} {{{{.RestartCount}}}}' \"$id\"; done");
        Assert.Equal(0, result.ExitCode);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One GET on a published listener: status, X-Slot header, body.</summary>
    public static async Task<(int Status, string Slot, string Body)> Get(int port, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}") { Headers = { ConnectionClose = true } };
        using var response = await client.SendAsync(request);
        var slot = response.Headers.TryGetValues(HaproxyConfig.SlotHeader, out var values) ? values.Single() : "";
        return ((int)response.StatusCode, slot, (await response.Content.ReadAsStringAsync()).Trim());
    }

    /// <summary>Waits (30 s deadline) until the public listener answers from <paramref name="slot"/>.</summary>
    public async Task WaitForPublic(string slot)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await Get(PublicPort, "/version");
                if (answer.Status == 200 && answer.Slot == slot)
                {
                    return;
                }

                last = $"{answer.Status} from '{answer.Slot}'";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the public listener did not answer from {slot} within 30 s (last: {last})");
    }

    /// <summary>The cycle: release 1 live under load; release 2 into green; preview; promote; switch back. Load stops before the proxy restart.</summary>
    public async Task<CycleResult> Run(int requestsPerSecond = 200)
    {
        await Apply();
        await WaitForPublic(Slots.Blue);
        var blueBefore = await SlotContainers(Slots.Blue);
        var load = LoadClient.Start(PublicPort, ["/version"], connections: 4, requestsPerSecond: requestsPerSecond);
        LoadResult result;
        IReadOnlyList<string> greenAfterDeploy;
        (int Status, string Slot, string Body) preview;
        try
        {
            SetRelease(Slots.Blue, new() { [Slots.Blue] = Release("1"), [Slots.Green] = Release("2") });
            await Apply();
            greenAfterDeploy = await SlotContainers(Slots.Green);
            preview = await Get(PreviewPort, "/version");
            SetRelease(Slots.Green, new() { [Slots.Blue] = Release("1"), [Slots.Green] = Release("2") });
            await Apply();
            await WaitForPublic(Slots.Green);
            SetRelease(Slots.Blue, new() { [Slots.Blue] = Release("1"), [Slots.Green] = Release("2") });
            await Apply();
            await WaitForPublic(Slots.Blue);
        }
        finally
        {
            result = await load.StopAsync();
        }

        var blueAfter = await SlotContainers(Slots.Blue);
        var greenAfter = await SlotContainers(Slots.Green);
        var restarted = await DockerEngine.RunOnBareHost($"docker restart --time 5 {Applier.IdOf(DockerNames.ProxyAlias)}");
        Assert.True(restarted.ExitCode == 0, restarted.Error);
        await WaitForPublic(Slots.Blue);
        return new CycleResult(result, blueBefore, blueAfter, greenAfterDeploy, greenAfter, preview);
    }

    public ValueTask DisposeAsync() => Applier.DisposeAsync();
}

public sealed record CycleResult(
    LoadResult Load,
    IReadOnlyList<string> BlueBefore,
    IReadOnlyList<string> BlueAfter,
    IReadOnlyList<string> GreenAfterDeploy,
    IReadOnlyList<string> GreenAfter,
    (int Status, string Slot, string Body) Preview)
{
    /// <summary>Requests answered by release <paramref name="version"/> (the body of /version).</summary>
    public int Answered(string version) => Load.Requests.Count(r => !r.Failed && r.Slot?.Trim() == version);

    /// <summary>Containers of a live slot that were restarted or replaced while it was live or idle-but-deployed.</summary>
    public int LiveRestarts =>
        BlueBefore.Except(BlueAfter).Count() + GreenAfterDeploy.Except(GreenAfter).Count();
}
