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

    /// <summary>The image host steps and status helpers run in (health probes, the proxy's runtime API, the switch); tests and benches bring a stand-in.</summary>
    public string HelperImage { get; init; } = Infra.Domain.Hosting.HelperImage.Reference;

    /// <summary>
    /// The environment variable that names another <see cref="HelperImage"/> for the tool's own host steps, for an
    /// engine that cannot pull the pinned one (bench/rollback runs the tool against a stand-in proxy image).
    /// </summary>
    public const string HelperImageVariable = "INFRA_HELPER_IMAGE";

    /// <summary>Whether the user's side is a terminal, so an exec gets one.</summary>
    public bool Interactive { get; init; }

    /// <summary>A short unique word for the names of throwaway containers (probes, consoles).</summary>
    public Func<string> RunIds { get; init; } = () => Guid.NewGuid().ToString("N")[..8];

    /// <summary>The stack's configuration as its stack file holds it, read without the engine (milliseconds; secrets stay encrypted).</summary>
    public required Func<string, IStackConfig> StackFiles { get; init; }

    /// <summary>A shell on the stack's server from its settings alone, for the steps that must not wait for the engine.</summary>
    public required Func<StackSettings, CancellationToken, Task<IServerShell>> Hosts { get; init; }

    public HealthChecks Health() => new(Probe, Timing, Clock);
}
