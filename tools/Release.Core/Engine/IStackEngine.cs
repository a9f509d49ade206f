namespace Infra.Release.Engine;

/// <summary>
/// Everything the release tool asks of the Pulumi engine, for one selected stack. The Automation API
/// adapter implements it; tests use a fake, so everything above it runs without Pulumi.
/// </summary>
public interface IStackEngine : IAsyncDisposable
{
    string StackName { get; }

    /// <summary>The stack's configuration; secret values are never included, only marked.</summary>
    Task<IReadOnlyDictionary<string, ConfigEntry>> GetConfigAsync(CancellationToken cancel);

    /// <summary>Sets plain (non-secret) values by config path, e.g. infra:release.slots.green.version, or whole keys.</summary>
    Task SetConfigAsync(IReadOnlyList<ConfigWrite> writes, CancellationToken cancel);

    /// <summary>The value of a secret config key, or null when it is not set. It is held, never printed.</summary>
    Task<SecretText?> GetSecretAsync(string key, CancellationToken cancel);

    /// <summary>Sets a secret config key; the value never appears on a command line or in output.</summary>
    Task SetSecretAsync(string key, SecretText value, CancellationToken cancel);

    /// <summary>The stack's outputs as text (e.g. publicAddress); secret outputs are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> GetOutputsAsync(CancellationToken cancel);

    /// <summary>A preview; every step the engine plans is reported as it arrives.</summary>
    Task PreviewAsync(Action<StepEvent> onStep, CancellationToken cancel);

    /// <summary>An update. Throws <see cref="UpdateFailedException"/> when it fails and <see cref="StackBusyException"/> when another update holds the stack.</summary>
    Task UpAsync(Action<StepEvent> onStep, CancellationToken cancel);

    /// <summary>Every update, newest first, with the configuration each one used (secrets redacted).</summary>
    Task<IReadOnlyList<UpdateRecord>> GetHistoryAsync(CancellationToken cancel);

    Task<StackState> ExportStateAsync(CancellationToken cancel);

    Task ImportStateAsync(StackState state, CancellationToken cancel);

    /// <summary>The state as it was after update <paramref name="updateNumber"/>, or null when the backend kept none.</summary>
    Task<StackState?> ReadCheckpointAsync(int updateNumber, CancellationToken cancel);
}

/// <summary>Selects a stack (creating the workspace); refuses with one line when the Pulumi CLI is missing.</summary>
public delegate Task<IStackEngine> StackEngineFactory(string stackName, CancellationToken cancel);
