using System.Diagnostics;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.TestSupport;

namespace Infra.Proxy.Harness;

/// <summary>
/// A real HAProxy on 127.0.0.1 with the configuration and switch scripts rendered from a stack with
/// two routed services, <c>web</c> (every path, WebSockets) and <c>api</c> (/api), each with a backend
/// per slot; blue is active at the start. Everything lives in a temporary directory removed at the end.
/// </summary>
public sealed class ProxyRig : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Services = ["web", "api"];

    private readonly Dictionary<(string Service, string Slot), SlotBackend> _backends;

    private ProxyRig(string directory, StackSettings settings, ProxyLayout layout, Dictionary<(string, string), SlotBackend> backends, HaproxyProcess haproxy, TestPki? pki)
    {
        Pki = pki;
        Directory = directory;
        Settings = settings;
        Layout = layout;
        _backends = backends;
        Haproxy = haproxy;
    }

    public string Directory { get; }
    public StackSettings Settings { get; }
    public ProxyLayout Layout { get; }
    public HaproxyProcess Haproxy { get; }
    public string ConfigPath => Path.Combine(Directory, ProxyLayout.ConfigFileName);
    public string RuntimeAddress => Layout.RuntimeAddress;
    public int PublicPort => Settings.Proxy.HttpPort;
    public int PreviewPort => Settings.Proxy.PreviewPort;

    /// <summary>With TLS: the test's CAs standing in for Cloudflare's Origin CA and origin-pull CA.</summary>
    public TestPki? Pki { get; }

    public int HttpsPort => Settings.Proxy.HttpsPort ?? throw new InvalidOperationException("this rig has no HTTPS listener");

    /// <summary>The name the rig's certificate is issued for.</summary>
    public const string ServerName = "localhost";

    /// <summary>A client as Cloudflare's edge: verifies the chain, presents the origin-pull certificate (or not).</summary>
    public TlsClient EdgeClient(bool presentsCertificate = true) =>
        new(Pki!.OriginCa, ServerName, presentsCertificate ? Pki.EdgeClient : null);

    /// <summary>A route's path for each service: web answers every path, api answers /api.</summary>
    public static string PathOf(string service) => service == "api" ? "/api/items" : "/";

    /// <param name="absent">Containers that do not exist: addressed by their Docker name, which nothing here resolves.</param>
    /// <param name="tls">HTTPS as behind a proxied Cloudflare edge: a certificate made by the stack's TLS steps for a test CA, origin pulls verified.</param>
    public static async Task<ProxyRig> StartAsync(string haproxyProgram, bool masterWorker = false, IReadOnlyCollection<(string Service, string Slot)>? absent = null, bool tls = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("infra-proxy-").FullName;
        var backends = new Dictionary<(string, string), SlotBackend>();
        foreach (var service in Services)
        {
            foreach (var slot in Slots.All)
            {
                backends[(service, slot)] = await SlotBackend.StartAsync(service, slot);
            }
        }

        var settings = new StackSettings
        {
            StackName = "proxy-test",
            Environment = DeploymentEnvironment.Local,
            Server = new ServerSettings(),
            Services =
            [
                new ServiceSettings { Name = "web", Port = 3000, HealthPath = SlotBackend.HealthPath, Route = new RouteSettings { PathPrefix = "/", WebSockets = true } },
                new ServiceSettings { Name = "api", Port = 8000, HealthPath = SlotBackend.HealthPath, Route = new RouteSettings { PathPrefix = "/api" } },
            ],
            Release = new ReleaseSettings { ActiveSlot = Slots.Blue },
            Proxy = new ProxySettings { HttpPort = FreePort.Next(), PreviewPort = FreePort.Next(), HttpsPort = tls ? FreePort.Next() : null },
            Tls = tls ? new TlsSettings { Source = Infra.Domain.Tls.CertificateSources.OriginCa } : null,
        };
        var layout = new ProxyLayout
        {
            RuntimeAddress = $"127.0.0.1:{FreePort.Next()}",
            BindAddress = "127.0.0.1",
            ServerAddress = server => absent?.Contains((server.Service, server.Slot)) == true
                ? SlotServer.DockerAddress(server)
                : $"127.0.0.1:{backends[(server.Service, server.Slot)].Port}",
            ObserveAddress = $"127.0.0.1:{FreePort.Next()}",
            CertificatePath = ServerTls.CertificatePath(directory),
            ClientCaPath = ServerTls.ClientCaPath(directory),
        };
        var pki = tls ? new TestPki() : null;

        await File.WriteAllTextAsync(Path.Combine(directory, ProxyLayout.ConfigFileName), HaproxyConfig.Render(settings, layout));
        foreach (var slot in Slots.All)
        {
            var script = Path.Combine(directory, SwitchScript.FileName(slot));
            await File.WriteAllTextAsync(script, SwitchScript.Render(settings, slot, layout));
        }

        var haproxy = new HaproxyProcess(haproxyProgram, Path.Combine(directory, ProxyLayout.ConfigFileName), layout.RuntimeAddress, settings.Proxy.HttpPort, masterWorker);
        var rig = new ProxyRig(directory, settings, layout, backends, haproxy, pki);
        try
        {
            if (pki is not null)
            {
                await ServerTls.ProvisionAsync(directory, pki, [ServerName, "127.0.0.1"]);
            }

            await haproxy.StartAsync();
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        return rig;
    }

    public SlotBackend Backend(string service, string slot) => _backends[(service, slot)];

    /// <summary>16 keep-alive connections at 4000 requests/s in total, half on each service's route.</summary>
    /// <summary>With TLS, over HTTPS as Cloudflare's edge connects.</summary>
    public LoadClient StartLoad(int connections = 16, int requestsPerSecond = 4000) =>
        Pki is null
            ? LoadClient.Start(PublicPort, Services.Select(PathOf).ToList(), connections, requestsPerSecond)
            : LoadClient.Start(HttpsPort, Services.Select(PathOf).ToList(), connections, requestsPerSecond, EdgeClient());

    /// <summary>Runs the rendered switch script against this rig, as the server would run it.</summary>
    public async Task<ScriptRun> SwitchAsync(string slot, int verifySeconds = 10)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Directory, SwitchScript.FileName(slot)));
        start.Environment["HAPROXY_RUNTIME"] = RuntimeAddress;
        start.Environment["HAPROXY_CONFIG"] = ConfigPath;
        start.Environment["PROXY_PUBLIC"] = SwitchScript.PublicAddress(Settings, Layout);
        start.Environment["PROXY_PREVIEW"] = $"127.0.0.1:{PreviewPort}";
        start.Environment["VERIFY_SECONDS"] = verifySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["OBSERVE_SECONDS"] = "10";
        var startedAt = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(verifySeconds + 30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{SwitchScript.FileName(slot)} did not finish in time");
        }

        return new ScriptRun(process.ExitCode, await output, await error, startedAt, Stopwatch.GetTimestamp());
    }

    /// <summary>The reload way, for comparison: replace the file with the one rendered for <paramref name="slot"/>, then reload.</summary>
    public async Task ReloadToAsync(string slot)
    {
        var temporary = ConfigPath + ".reload";
        await File.WriteAllTextAsync(temporary, HaproxyConfig.Render(Settings, slot, Layout));
        File.Move(temporary, ConfigPath, overwrite: true);
        await Haproxy.ReloadAsync();
    }

    public async Task RestartAsync()
    {
        await Haproxy.StopAsync();
        await Haproxy.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }

        Pki?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
