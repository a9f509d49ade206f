using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.TestSupport;
using Xunit;

namespace Infra.Proxy.Harness;

/// <summary>
/// A local stack's proxy side on the real engine, as the stack's resources make it: the stack's
/// network, the proxy files volume, the proxy container (stand-in of the official image) and one
/// service, <c>web</c>, in both slots, from an image with no shell. The stack name is new each time,
/// so every Docker name is new; everything is removed by name at the end. Shared by the Requires=docker
/// tests and bench/rollback.
/// </summary>
public sealed class DockerStackRig : IAsyncDisposable
{
    private readonly List<string> _containers = [];

    private DockerStackRig(StackSettings settings, string helper, string app, int publicPort, int? httpsPort)
    {
        HttpsPort = httpsPort;
        Settings = settings;
        Names = DockerNames.For(settings);
        Helper = helper;
        App = app;
        PublicPort = publicPort;
    }

    /// <summary>The stack with blue active, as the proxy starts.</summary>
    public StackSettings Settings { get; }

    /// <summary>The stack's settings once <paramref name="slot"/> is the active one.</summary>
    public StackSettings WithActive(string slot) => Settings with { Release = Settings.Release with { ActiveSlot = slot } };
    public DockerNames Names { get; }
    public string Helper { get; }
    public string App { get; }

    /// <summary>The proxy's public listener, published on 127.0.0.1.</summary>
    public int PublicPort { get; }

    /// <summary>With TLS, the proxy's HTTPS listener published on 127.0.0.1.</summary>
    public int? HttpsPort { get; }

    /// <summary>The self-signed certificate the stack's TLS step made, which the rig's client trusts (read from the proxy's files).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; private set; }

    /// <param name="filesVolumeOptions">`docker volume create` options for the proxy files, e.g. a small tmpfs.</param>
    public static Task<DockerStackRig> StartAsync(params string[] filesVolumeOptions) => StartAsync(slotVersions: false, tls: false, filesVolumeOptions, stack: null);

    /// <param name="tls">HTTPS as the local stack serves it: a self-signed certificate made by the stack's TLS step.</param>
    public static Task<DockerStackRig> StartAsync(bool tls, params string[] filesVolumeOptions) => StartAsync(slotVersions: false, tls, filesVolumeOptions, stack: null);

    /// <summary>
    /// Each slot runs its own release, whose version is the slot's name: <c>GET /version</c> through the
    /// proxy answers "blue" or "green", so a load client sees which slot took each request.
    /// </summary>
    /// <param name="stack">The stack's name; a new one by default. bench/rollback names it <c>local</c>, as the release tool
    /// knows it, after making sure no other stack of that name is on the engine.</param>
    public static Task<DockerStackRig> StartWithSlotVersionsAsync(string? stack = null) => StartAsync(slotVersions: true, tls: false, [], stack);

    private static async Task<DockerStackRig> StartAsync(bool slotVersions, bool tls, string[] filesVolumeOptions, string? stack)
    {
        await DockerEngine.Require();
        var helper = await DockerEngine.Image("haproxy");
        var app = await DockerEngine.Image("app");
        stack ??= $"t{Guid.NewGuid():N}"[..9];
        var releases = new Dictionary<string, SlotRelease>();
        foreach (var slot in Slots.All)
        {
            var image = slotVersions ? await DockerEngine.Image("app", slot) : app;
            releases[slot] = new SlotRelease { Version = slotVersions ? slot : "1", Images = new Dictionary<string, string> { ["web"] = image } };
        }

        var settings = new StackSettings
        {
            StackName = stack,
            Environment = DeploymentEnvironment.Local,
            Server = new ServerSettings(),
            Services =
            [
                new ServiceSettings
                {
                    Name = "web", Image = app, Port = 3000, HealthPath = "/health", Route = new RouteSettings { PathPrefix = "/" },
                    ReleaseTasks = [new ReleaseTaskSettings { Name = "check", Command = ["/true"] }],
                },
            ],
            Release = new ReleaseSettings { ActiveSlot = Slots.Blue, Slots = releases },
            Proxy = new ProxySettings { HttpPort = 8000, PreviewPort = 8001, HttpsPort = tls ? 8443 : null },
        };
        var rig = new DockerStackRig(settings, helper, app, FreePort.Next(), tls ? FreePort.Next() : null);
        try
        {
            await rig.Start(filesVolumeOptions);
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        return rig;
    }

    private async Task Start(string[] filesVolumeOptions)
    {
        await Docker(["network", "create", Names.Network]);
        await Docker(["volume", "create", .. filesVolumeOptions, Names.ProxyFilesVolume]);
        // Docker mounts a tmpfs volume only while a container uses it, and its files go with it: keep it in use.
        var keeper = Names.Container("files-keeper");
        _containers.Add(keeper);
        await Docker(["run", "-d", "--name", keeper, "--volume", $"{Names.ProxyFilesVolume}:/files", "--entrypoint", "sleep", Helper, "infinity"]);
        foreach (var slot in Slots.All)
        {
            await RunContainer($"web-{slot}", Settings.Release.For(slot)!.Images["web"]);
        }

        var install = await DockerEngine.RunOnBareHost(ProxyInstall.HostRun(Settings, Helper));
        Assert.True(install.ExitCode == 0, $"proxy files: exit {install.ExitCode}\n{install.Output}{install.Error}");
        string[] https = [];
        if (HttpsPort is { } httpsPort)
        {
            var certificate = await DockerEngine.RunOnBareHost(Infra.Domain.Tls.TlsScript.SelfSignedHostRun(Settings, Helper));
            Assert.True(certificate.ExitCode == 0, $"tls: exit {certificate.ExitCode}\n{certificate.Output}{certificate.Error}");
            ServerCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await ReadFile($"{ProxyLayout.CertificateFolder}/{ProxyLayout.CertificateFileName}"));
            https = ["--publish", $"127.0.0.1:{httpsPort}:{Settings.Proxy.HttpsPort}"];
        }

        await RunContainer(DockerNames.ProxyAlias, Helper,
            ["--volume", $"{Names.ProxyFilesVolume}:{ProxyLayout.ContainerConfigDirectory}:ro",
            "--publish", $"127.0.0.1:{PublicPort}:{Settings.Proxy.HttpPort}", .. https]);
        await WaitForProxy();
    }

    /// <summary>A container as the stack names it: <c>&lt;stack&gt;-&lt;alias&gt;</c>, aliased by its short name on the stack's network.</summary>
    public async Task RunContainer(string alias, string image, params string[] options)
    {
        var name = Names.Container(alias);
        _containers.Add(name);
        await Docker(["run", "-d", "--name", name, "--network", Names.Network, "--network-alias", alias, .. options, image]);
    }

    /// <summary>The slot named in the X-Slot header of a GET through the public listener ("" when none); over HTTPS with TLS.</summary>
    public async Task<string> SlotAnswering(string path = "/")
    {
        using var response = await Get(path);
        return response.Headers.TryGetValues(HaproxyConfig.SlotHeader, out var values) ? values.Single() : "";
    }

    /// <summary>A GET through the public listener; with TLS over HTTPS, trusting only the certificate the stack made.</summary>
    public async Task<HttpResponseMessage> Get(string path = "/")
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (ServerCertificate is { } trusted)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }

        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var url = HttpsPort is { } https ? $"https://127.0.0.1:{https}{path}" : $"http://127.0.0.1:{PublicPort}{path}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { ConnectionClose = true } };
        return await client.SendAsync(request);
    }

    /// <summary>A file in the proxy files volume, read through the helper image.</summary>
    public async Task<string> ReadFile(string path)
    {
        var result = await DockerEngine.Docker("run", "--rm", "--volume", $"{Names.ProxyFilesVolume}:/files:ro", "--entrypoint", "cat", Helper, $"/files/{path}");
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    /// <summary>Runs bash as root in a helper with the proxy files at /files.</summary>
    public Task<ProcessResult> InFiles(string script) =>
        DockerEngine.Docker("run", "--rm", "--user", "0", "--volume", $"{Names.ProxyFilesVolume}:/files", "--entrypoint", "bash", Helper, "-c", script);

    private async Task WaitForProxy()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (await SlotAnswering() == Slots.Blue)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                var logs = await DockerEngine.Docker("logs", Names.Proxy);
                throw new TimeoutException($"the proxy did not answer from blue within 30 s:\n{logs.Output}{logs.Error}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task Docker(string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        // Also the helpers and tasks the host commands name, should one have been left by a failed test.
        var helpers = new[] { "proxy-switch", "proxy-files", "tls-install" }.Concat(Slots.All.SelectMany(slot => new[] { $"web-{slot}-ready", $"web-{slot}-check" }));
        foreach (var name in _containers.Concat(helpers.Select(Names.Container)))
        {
            await DockerEngine.Docker("rm", "-f", "-v", name);
        }

        await DockerEngine.Docker("volume", "rm", "-f", Names.ProxyFilesVolume);
        await DockerEngine.Docker("network", "rm", Names.Network);
    }
}
