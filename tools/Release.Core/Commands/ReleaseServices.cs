using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Release.Backups;
using Infra.Release.Engine;
using Infra.Release.Health;
using Infra.Release.Locking;
using Infra.Release.Output;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>Everything the commands need from outside; the entry point wires the real ones, tests the fakes.</summary>
public sealed record ReleaseServices(
    StackEngineFactory Engines,
    Func<string, IReleaseLock> Locks,
    IHealthProbe Probe,
    HealthTiming Timing,
    Func<StackContext, CancellationToken, Task<IServerShell>> Servers,
    IReleaseConsole Console,
    Func<string, string?> Environment)
{
    /// <summary>The clock health polling waits on; tests pass a fake one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The stack's configuration as its stack file holds it, read without the engine (milliseconds; secrets stay encrypted).</summary>
    public required Func<string, IStackConfig> StackFiles { get; init; }

    /// <summary>A shell on the stack's server from its settings alone, for the steps that must not wait for the engine.</summary>
    public required Func<StackSettings, CancellationToken, Task<IServerShell>> Hosts { get; init; }

    /// <summary>The image host steps run in; a test or bench on an engine without a registry brings a stand-in.</summary>
    public string HelperImage { get; init; } = Domain.Hosting.HelperImage.Reference;

    public HealthChecks Health() => new(Probe, Timing, Clock);
}
