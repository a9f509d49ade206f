using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tls;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Support;

/// <summary>
/// An unproxied cloud stack's proxy with source <c>acme</c>, for real on this machine: the proxy
/// container (stand-in of the official HAProxy image) named as the stack names it, on the host's
/// network so that it, pebble and the slot backends all meet on 127.0.0.1; its files in a folder laid
/// out as a droplet's <c>/srv/infra/proxy</c>; its configuration rendered from the stack; its first
/// certificate the stack's placeholder. The renewal script runs as the droplet runs it (docker only),
/// with the images' stand-ins and pebble's API certificate as the only differences.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AcmeProxyRig : IAsyncDisposable
{
    public const string Domain = "gallery.example";

    public static readonly IReadOnlyList<string> Hostnames = [Domain, $"www.{Domain}"];

    private readonly string _root;
    private readonly List<SlotBackend> _backends;

    private AcmeProxyRig(string root, StackSettings settings, ProxyLayout proxyLayout, AcmeLayout acmeLayout, string helper, PebbleServer pebble, List<SlotBackend> backends)
    {
        _root = root;
        _backends = backends;
        Settings = settings;
        ProxyLayout = proxyLayout;
        AcmeLayout = acmeLayout;
        Helper = helper;
        Pebble = pebble;
    }

    public StackSettings Settings { get; }
    public ProxyLayout ProxyLayout { get; }
    public AcmeLayout AcmeLayout { get; }
    public string Helper { get; }
    public PebbleServer Pebble { get; }
    public DockerNames Names => DockerNames.For(Settings);

    /// <summary>The proxy's files, as <c>/srv/infra/proxy</c> on a droplet.</summary>
    public string Files => ProxyInstall.FilesSource(Settings);

    public int HttpPort => Settings.Proxy.HttpPort;
    public int HttpsPort => Settings.Proxy.HttpsPort!.Value;

    public string BundlePath => Path.Combine(Files, ProxyLayout.CertificateFolder, ProxyLayout.CertificateFileName);

    public static async Task<AcmeProxyRig> StartAsync()
    {
        await DockerEngine.Require();
        var pebbleProgram = RequiresProgram.Program("pebble");
        var challengeServer = RequiresProgram.Program("pebble-challtestsrv");
        var helper = await DockerEngine.Image("haproxy");
        var client = await DockerEngine.Image("lego");

        var root = Directory.CreateTempSubdirectory("infra-acme-").FullName;
        var backends = new List<SlotBackend>();
        PebbleServer? pebble = null;
        try
        {
            foreach (var slot in Slots.All)
            {
                backends.Add(await SlotBackend.StartAsync("web", slot));
            }

            var httpPort = FreePort.Next();
            pebble = await PebbleServer.StartAsync(pebbleProgram, challengeServer, httpPort);
            var settings = new StackSettings
            {
                StackName = $"a{Guid.NewGuid():N}"[..9],
                Environment = DeploymentEnvironment.Prod,
                Server = new ServerSettings { Provider = ServerProviders.DigitalOcean, HostRoot = root },
                Services = [new ServiceSettings { Name = "web", Image = "web", Port = 3000, HealthPath = SlotBackend.HealthPath, Route = new RouteSettings { PathPrefix = "/" } }],
                Release = new ReleaseSettings { ActiveSlot = Slots.Blue },
                Proxy = new ProxySettings { HttpPort = httpPort, HttpsPort = FreePort.Next(), PreviewPort = FreePort.Next() },
                Edge = new EdgeSettings { Domain = Domain, ZoneId = "0123456789abcdef0123456789abcdef", Proxied = false, Records = ["@", "www"] },
                Tls = new TlsSettings { Source = CertificateSources.Acme, AcmeEmail = "ops@gallery.example", AcmeDirectory = pebble.Directory },
            };
            var challenge = $"127.0.0.1:{FreePort.Next()}";
            var proxyLayout = ProxyLayout.Docker with
            {
                BindAddress = "127.0.0.1",
                RuntimeAddress = $"127.0.0.1:{FreePort.Next()}",
                ObserveAddress = $"127.0.0.1:{FreePort.Next()}",
                AcmeChallengeAddress = challenge,
                ServerAddress = server => $"127.0.0.1:{backends.Single(b => b.Slot == server.Slot).Port}",
            };
            var acmeLayout = new AcmeLayout { HelperImage = helper, ClientImage = client, ChallengeAddress = challenge, TrustedCaFile = pebble.ApiCertificateFile };
            var rig = new AcmeProxyRig(root, settings, proxyLayout, acmeLayout, helper, pebble, backends);
            try
            {
                await rig.Start();
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }

            return rig;
        }
        catch when (pebble is null)
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }

            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private async Task Start()
    {
        // The proxy's user (uid 99) reads its files as it does on a droplet.
        Directory.CreateDirectory(Files);
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Files, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(Files, ProxyLayout.ConfigFileName), HaproxyConfig.Render(Settings, ProxyLayout));

        var placeholder = await DockerEngine.RunOnBareHost(TlsScript.PlaceholderHostRun(Settings, Helper));
        Assert.True(placeholder.ExitCode == 0, $"placeholder: exit {placeholder.ExitCode}\n{placeholder.Output}{placeholder.Error}");

        var proxy = await DockerEngine.Docker("run", "-d", "--name", Names.Proxy, "--network", "host",
            "--volume", $"{Files}:{ProxyLayout.ContainerConfigDirectory}:ro", Helper);
        Assert.True(proxy.ExitCode == 0, proxy.Error);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Accepts(HttpsPort) || !await Accepts(HttpPort))
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = await DockerEngine.Docker("logs", Names.Proxy);
                throw new TimeoutException($"the proxy did not listen within 30 s:\n{logs.Output}{logs.Error}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The renewal script, as installed on a droplet, run with docker only; <paramref name="renewDaysBefore"/> overrides the stack's margin.</summary>
    public async Task<ProcessResult> RenewAsync(int? renewDaysBefore = null)
    {
        var settings = renewDaysBefore is { } days ? Settings with { Tls = Settings.Tls! with { RenewDaysBefore = days } } : Settings;
        return await RenewAsync(settings);
    }

    /// <summary>The renewal script of <paramref name="settings"/> (the rig's stack changed: other names, another directory).</summary>
    public async Task<ProcessResult> RenewAsync(StackSettings settings) =>
        await DockerEngine.RunOnBareHost(AcmeRenewal.Script(settings, AcmeLayout), timeout: TimeSpan.FromMinutes(3));

    /// <summary>Where the ACME client leaves what it is issued (lego's certificates folder), before the install takes it.</summary>
    public string ClientCertificates => Path.Combine(Files, ProxyLayout.AcmeFolder, AcmeClient.IssuedFolder);

    /// <summary>The certificate HAProxy reads now (the bundle's first).</summary>
    public X509Certificate2 InstalledCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(BundlePath));

    /// <summary>A client that trusts pebble's root only and checks the name <paramref name="serverName"/>.</summary>
    public async Task<TlsClient> ClientAsync(string serverName = Domain) => new(await Pebble.RootAsync(), serverName, null);

    /// <summary>The certificate the proxy presents to a new TLS connection, checked by <paramref name="client"/>.</summary>
    public async Task<X509Certificate2> ServedCertificateAsync(TlsClient client)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, HttpsPort);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = await client.ConnectAsync(socket, cancel.Token);
        return new X509Certificate2(stream.RemoteCertificate!);
    }

    public async ValueTask DisposeAsync()
    {
        await DockerEngine.Docker("rm", "-f", Names.Proxy, Names.Container("tls-acme"));
        await Pebble.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        // Files the containers made belong to root and uid 99: removed by a helper, then the folder.
        await DockerEngine.Docker("run", "--rm", "--user", "0", "--volume", $"{_root}:/root-folder", "--entrypoint", "bash", Helper, "-c", "rm -rf /root-folder/*");
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<bool> Accepts(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
