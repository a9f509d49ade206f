using System.Text.Json;
using Infra.Release.Engine;
using Pulumi.Automation;
using Pulumi.Automation.Commands.Exceptions;

namespace Infra.Release.Tool;

/// <summary>IStackEngine over Pulumi's Automation API (a local program: the repo's Pulumi.yaml and stack files).</summary>
internal sealed class AutomationStackEngine(WorkspaceStack stack, IPastCheckpoints checkpoints) : IStackEngine
{
    public string StackName => stack.Name;

    public async Task<IReadOnlyDictionary<string, ConfigEntry>> GetConfigAsync(CancellationToken cancel)
    {
        var config = await stack.GetAllConfigAsync(cancel);
        return config.ToDictionary(c => c.Key, c => c.Value.IsSecret ? ConfigEntry.SecretOf(c.Value.Value) : ConfigEntry.Plain(c.Value.Value), StringComparer.Ordinal);
    }

    public async Task<SecretText?> GetSecretAsync(string key, CancellationToken cancel)
    {
        var config = await stack.GetAllConfigAsync(cancel);
        return config.TryGetValue(key, out var value) && value.IsSecret ? new SecretText(value.Value) : null;
    }

    public Task SetSecretAsync(string key, SecretText value, CancellationToken cancel) =>
        // The Automation API passes a value as an argument; this keeps it on stdin, off every command line.
        PulumiProcess.RunWithStdinAsync(stack.Workspace.WorkDir, ["config", "set", "--secret", key, "--stack", stack.Name, "--non-interactive"], value.Reveal(), cancel);

    public async Task SetConfigAsync(IReadOnlyList<ConfigWrite> writes, CancellationToken cancel)
    {
        // One call per value keeps each on its own line of the stack file; none of them is a secret.
        foreach (var write in writes)
        {
            if (write.Value is null)
            {
                if ((await stack.GetAllConfigAsync(cancel)).ContainsKey(write.Path) || write.IsPath)
                {
                    await stack.RemoveConfigAsync(write.Path, path: write.IsPath, cancel);
                }
            }
            else
            {
                await stack.SetConfigAsync(write.Path, new ConfigValue(write.Value), path: write.IsPath, cancel);
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> GetOutputsAsync(CancellationToken cancel)
    {
        var outputs = await stack.GetOutputsAsync(cancel);
        return outputs.Where(o => !o.Value.IsSecret && o.Value.Value is not null)
            .ToDictionary(o => o.Key, o => o.Value.Value is JsonElement json && json.ValueKind == JsonValueKind.String ? json.GetString()! : o.Value.Value.ToString()!, StringComparer.Ordinal);
    }

    public Task PreviewAsync(Action<StepEvent> onStep, CancellationToken cancel) =>
        Run(() => stack.PreviewAsync(new PreviewOptions { OnEvent = e => Forward(e, onStep) }, cancel));

    public Task UpAsync(Action<StepEvent> onStep, CancellationToken cancel) =>
        Run(() => stack.UpAsync(new UpOptions { OnEvent = e => Forward(e, onStep), ShowSecrets = false }, cancel));

    public async Task<IReadOnlyList<UpdateRecord>> GetHistoryAsync(CancellationToken cancel)
    {
        var history = await stack.GetHistoryAsync(new HistoryOptions { ShowSecrets = false }, cancel);

        // The DIY backend numbers no updates (every version is 0): number them oldest first, as its history files sort.
        var unnumbered = history.All(h => (h.Version ?? 0) == 0);
        return history.Select((h, index) => new UpdateRecord(
                unnumbered ? history.Count - index : h.Version!.Value,
                h.Kind.ToString().ToLowerInvariant(),
                h.StartTime,
                h.Result.ToString().ToLowerInvariant(),
                (h.Config ?? System.Collections.Immutable.ImmutableDictionary<string, ConfigValue>.Empty).ToDictionary(
                    c => c.Key,
                    c => c.Value.IsSecret ? ConfigEntry.Secret() : ConfigEntry.Plain(c.Value.Value),
                    StringComparer.Ordinal)))
            .ToList();
    }

    public async Task<StackState> ExportStateAsync(CancellationToken cancel) =>
        new((await stack.ExportStackAsync(cancel)).Json.GetRawText());

    public Task ImportStateAsync(StackState state, CancellationToken cancel) =>
        stack.ImportStackAsync(StackDeployment.FromJsonString(state.Json), cancel);

    public Task<StackState?> ReadCheckpointAsync(int updateNumber, CancellationToken cancel) =>
        checkpoints.ReadAsync(stack.Name, updateNumber, cancel);

    public ValueTask DisposeAsync()
    {
        stack.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Forward(Pulumi.Automation.Events.EngineEvent engineEvent, Action<StepEvent> onStep)
    {
        if (StepEvents.From(engineEvent) is { } step)
        {
            onStep(step);
        }
    }

    private static async Task Run(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (ConcurrentUpdateException e)
        {
            throw new StackBusyException(FirstLine(e.Message));
        }
        catch (CommandException e)
        {
            throw new UpdateFailedException(FirstLine(e.Message));
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
        ?? message.Split('\n')[0];
}
