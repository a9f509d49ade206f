using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Commands;
using Infra.Release.Health;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.RealEngine;

/// <summary>
/// The release tool's read-only commands (status, logs, exec) through its real command line, against an
/// <see cref="OperatorStackRig"/>: the rig's engine, the server reached through <paramref name="server"/>
/// (asked at every command, so a test can swap it), no lock and no stack file. Its console is recorded
/// and cleared before each command.
/// </summary>
public sealed class OperatorTool(OperatorStackRig rig, Func<IServerShell> server, Func<IServerShell>? hosts = null) : IDisposable
{
    private readonly HttpClient _http = new();

    public RecordingConsole Console { get; } = new();

    public string Transcript => string.Join("\n", Console.Lines.Concat(Console.Errors));

    public Task<int> Run(params string[] args)
    {
        Console.Lines.Clear();
        Console.Errors.Clear();
        return ReleaseCli.Build(Services(), TimeProvider.System).Parse(args).InvokeAsync();
    }

    /// <summary>Runs status until it exits 0 (every container started: Redis's healthcheck, the proxy, both slots) or 90 s pass; its last exit.</summary>
    public async Task<int> StatusWhenHealthy()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int exit;
        while ((exit = await Run("status", "--stack", "local")) != ExitCodes.Ok && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        return exit;
    }

    public void Dispose() => _http.Dispose();

    private ReleaseServices Services() => new(
        (name, _) => Task.FromResult<Release.Engine.IStackEngine>(name == "local" ? rig.Engine : throw new InvalidOperationException($"no engine for {name}")),
        _ => throw new InvalidOperationException("a read-only command took the release lock"),
        new HttpHealthProbe(_http, TimeSpan.FromSeconds(2)),
        Harness.FastTiming,
        (_, _) => Task.FromResult(server()),
        Console,
        _ => null)
    {
        HelperImage = rig.Helper,
        StackFiles = _ => throw new InvalidOperationException("a read-only command read the stack file without the engine"),
        Hosts = (_, _) => hosts is null
            ? throw new InvalidOperationException("a read-only command asked for the host without the engine")
            : Task.FromResult(hosts()),
    };
}
