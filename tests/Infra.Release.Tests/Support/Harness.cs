using Infra.Release.Backend;
using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Commands;
using Infra.Release.Health;
using Infra.Release.Locking;

namespace Infra.Release.Tests.Support;

/// <summary>
/// The real command line and core over a fake engine, a real file lock in a temp folder, real HTTP
/// health checks against the proxy's preview listener on 127.0.0.1 (<see cref="Preview"/>, where each slot's services
/// answer at their probe paths). <see cref="Live"/> sits on httpPort only to show that health checks never go there.
/// </summary>
public sealed class Harness : IDisposable
{
    public static readonly HealthTiming FastTiming = new(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), 3);

    private readonly HttpClient _http = new();

    public Harness(string stack = "staging")
    {
        Live = new HealthServer();
        Preview = new HealthServer();
        Engine = FakeStackEngine.FromStackFile(stack, ("infra:proxy", $$"""{"httpPort": {{Live.Port}}, "httpsPort": 443, "previewPort": {{Preview.Port}}}"""));
        LockFolder = Directory.CreateTempSubdirectory("release-lock-").FullName;
        Lock = new BackendReleaseLock(new FileBackendStore(LockFolder), Engine.StackName, "tester@test", TimeProvider.System);
    }

    public FakeStackEngine Engine { get; set; }

    public HealthServer Live { get; }

    public HealthServer Preview { get; }

    public RecordingConsole Console { get; } = new();

    public FakeServerShell Shell { get; set; } = new(_ => new ShellResult(0, "", ""));

    public string LockFolder { get; }

    public IReleaseLock Lock { get; }

    public string LockFile => Path.Combine(LockFolder, "infra-release", "locks", $"{Engine.StackName}.json");

    public Harness Healthy(HealthServer server)
    {
        foreach (var slot in new[] { "blue", "green" })
        {
            server.Answer(Probe(slot, "web"), 200).Answer(Probe(slot, "api"), 200);
        }

        return this;
    }

    /// <summary>The path the proxy's preview listener maps to a slot's own health path.</summary>
    public static string Probe(string slot, string service) => $"/.infra/probe/{slot}/{service}";

    /// <summary>How many times a command selected the stack's engine.</summary>
    public int EngineSelections { get; private set; }

    public ReleaseServices Services => new(
        (name, _) =>
        {
            EngineSelections++;
            return Task.FromResult<Engine.IStackEngine>(name == Engine.StackName ? Engine : throw new InvalidOperationException($"test has no engine for stack {name}"));
        },
        _ => Lock,
        new HttpHealthProbe(_http, TimeSpan.FromSeconds(2)),
        FastTiming,
        (_, _) => Task.FromResult<IServerShell>(Shell),
        Console,
        Environment)
    {
        // The stack file is the engine's config as it stands, read without selecting the engine.
        StackFiles = name => new Stacks.EngineStackConfig(name, Engine.Config, Environment),
        Hosts = (_, _) => Task.FromResult<IServerShell>(Shell),
    };

    private static string? Environment(string name) => name == "DIGITALOCEAN_TOKEN" ? "set" : null;

    public Task<int> RunAsync(params string[] args) =>
        ReleaseCli.Build(Services, TimeProvider.System).Parse(args).InvokeAsync();

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(LockFolder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Live.Dispose();
        Preview.Dispose();
        _http.Dispose();
        Directory.Delete(LockFolder, recursive: true);
    }
}
