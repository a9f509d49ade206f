using System.Text.Json.Nodes;
using Infra.Domain.Configuration;
using Infra.Release.Engine;

namespace Infra.Release.Tests.Support;

/// <summary>
/// An engine that keeps config as Pulumi does (structured values as JSON, path writes applied into them)
/// and records every call in order, so tests can compare exactly what a command did.
/// </summary>
public sealed class FakeStackEngine : IStackEngine
{
    private readonly Dictionary<string, ConfigEntry> _config;

    public FakeStackEngine(string stackName, Dictionary<string, ConfigEntry> config)
    {
        StackName = stackName;
        _config = config;
    }

    public string StackName { get; }

    /// <summary>Every mutating call, in order: "set path = value", "set key (whole value)", "set secret key", "remove path", "up", "import".</summary>
    public List<string> Calls { get; } = [];

    public List<StepEvent> PreviewSteps { get; } = [];

    public Dictionary<string, string> Outputs { get; } = new() { ["publicAddress"] = "127.0.0.1" };

    public List<UpdateRecord> History { get; } = [];

    public StackState CurrentState { get; set; } = new("""{"version":3,"deployment":{"resources":[]}}""");

    public Dictionary<int, StackState> Checkpoints { get; } = [];

    /// <summary>Called at each update with its 1-based count; may throw to fail it or change the world (e.g. the health server).</summary>
    public Action<int> OnUp { get; set; } = _ => { };

    public int Ups => Calls.Count(c => c == "up");

    public static FakeStackEngine FromStackFile(string stackName, params (string Key, string Value)[] overrides)
    {
        var file = StackFileConfig.Load(RepoFiles.Path($"Pulumi.{stackName}.yaml"));
        var config = file.Keys.ToDictionary(k => k, k => new ConfigEntry(file.Get(k)!.Text, file.Get(k)!.IsSecret), StringComparer.Ordinal);
        foreach (var secret in new[] { "infra:apiJwtSecret", "infra:dbPassword", "infra:cachePassword", "infra:resticPassword", "digitalocean:token", "cloudflare:apiToken" })
        {
            config[secret] = ConfigEntry.Secret();
        }

        foreach (var (key, value) in overrides)
        {
            config[key] = ConfigEntry.Plain(value);
        }

        return new FakeStackEngine(stackName, config);
    }

    /// <summary>The config as it stands, without a call.</summary>
    public IReadOnlyDictionary<string, ConfigEntry> Config => new Dictionary<string, ConfigEntry>(_config);

    public JsonNode Release => JsonNode.Parse(_config["infra:release"].Value)!;

    /// <summary>Pins a slot as `release deploy` would: the stack's current services and secret values copied into it.</summary>
    public void PinSlot(string slot)
    {
        var services = JsonNode.Parse(_config["infra:services"].Value)!.AsArray();
        _config[$"infra:{slot}SlotServices"] = ConfigEntry.Plain(services.ToJsonString());
        var keys = services.SelectMany(s => s!["secrets"]?.AsObject().Select(kv => (string)kv.Value!) ?? []).Distinct();
        SecretValues[$"infra:{slot}SlotSecrets"] = Infra.Domain.Validation.SecretValues.Write(
            keys.ToDictionary(k => k, k => SecretValues.GetValueOrDefault($"infra:{k}", $"value-of-infra:{k}")));
        _config[$"infra:{slot}SlotSecrets"] = ConfigEntry.Secret();
    }

    /// <summary>Edits a plain structured key in place, as a person editing the stack file would.</summary>
    public void Edit(string key, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(_config[key].Value)!;
        change(node);
        _config[key] = ConfigEntry.Plain(node.ToJsonString());
    }

    /// <summary>A plain key's value as JSON, or null when it is not set.</summary>
    public JsonNode? Plain(string key) => _config.TryGetValue(key, out var entry) && !entry.IsSecret ? JsonNode.Parse(entry.Value) : null;

    public void SetRelease(Action<JsonObject> change)
    {
        var release = Release.AsObject();
        change(release);
        _config["infra:release"] = ConfigEntry.Plain(release.ToJsonString());
    }

    public Task<IReadOnlyDictionary<string, ConfigEntry>> GetConfigAsync(CancellationToken cancel) =>
        Task.FromResult<IReadOnlyDictionary<string, ConfigEntry>>(new Dictionary<string, ConfigEntry>(_config));

    public Task SetConfigAsync(IReadOnlyList<ConfigWrite> writes, CancellationToken cancel)
    {
        foreach (var write in writes)
        {
            Calls.Add((write.Value, write.IsPath) switch
            {
                (null, _) => $"remove {write.Path}",
                (_, true) => $"set {write.Path} = {write.Value}",
                _ => $"set {write.Path} (whole value)",
            });
            Apply(write);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> GetOutputsAsync(CancellationToken cancel) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(Outputs);

    public Task PreviewAsync(Action<StepEvent> onStep, CancellationToken cancel)
    {
        Calls.Add("preview");
        PreviewSteps.ForEach(onStep);
        return Task.CompletedTask;
    }

    public Task UpAsync(Action<StepEvent> onStep, CancellationToken cancel)
    {
        Calls.Add("up");
        OnUp(Ups);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UpdateRecord>> GetHistoryAsync(CancellationToken cancel) =>
        Task.FromResult<IReadOnlyList<UpdateRecord>>(History);

    public Task<StackState> ExportStateAsync(CancellationToken cancel) => Task.FromResult(CurrentState);

    public Task ImportStateAsync(StackState state, CancellationToken cancel)
    {
        Calls.Add("import");
        CurrentState = state;
        return Task.CompletedTask;
    }

    public Task<StackState?> ReadCheckpointAsync(int updateNumber, CancellationToken cancel) =>
        Task.FromResult(Checkpoints.GetValueOrDefault(updateNumber));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Apply(ConfigWrite write) => ConfigPaths.Apply(_config, write);

    /// <summary>Secret values as the engine keeps them; tests read them to prove what was pinned.</summary>
    public Dictionary<string, string> SecretValues { get; } = new(StringComparer.Ordinal);

    public Task<SecretText?> GetSecretAsync(string key, CancellationToken cancel) =>
        Task.FromResult(_config.TryGetValue(key, out var entry) && entry.IsSecret
            ? new SecretText(SecretValues.GetValueOrDefault(key, $"value-of-{key}"))
            : null);

    public Task SetSecretAsync(string key, SecretText value, CancellationToken cancel)
    {
        Calls.Add($"set secret {key}");
        SecretValues[key] = value.Reveal();
        _config[key] = ConfigEntry.Secret();
        return Task.CompletedTask;
    }
}
