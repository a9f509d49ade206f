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

    public HealthChecks Health() => new(Probe, Timing, Clock);
}
