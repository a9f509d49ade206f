using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Support;

/// <summary>
/// Pebble, Let's Encrypt's ACME test server (Debian's package), on 127.0.0.1: its ACME API over HTTPS
/// with a certificate this test makes, its own issuing CA (a new root and intermediate at every start),
/// and its HTTP-01 validation sent to <c>httpPort</c> on whatever address the names resolve to. Names
/// resolve through pebble-challtestsrv's DNS server, which answers every A query with 127.0.0.1 (and
/// no AAAA), so a challenge for any name really reaches this machine's port. Validations are real: no
/// PEBBLE_VA_ALWAYS_VALID, no reuse of earlier authorizations, no random sleeps or rejected nonces.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PebbleServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly BackgroundProcess _dns;
    private readonly BackgroundProcess _pebble;
    private readonly int _managementPort;

    private PebbleServer(string folder, BackgroundProcess dns, BackgroundProcess pebble, int listenPort, int managementPort, string apiCertificateFile)
    {
        _folder = folder;
        _dns = dns;
        _pebble = pebble;
        _managementPort = managementPort;
        Directory = $"https://127.0.0.1:{listenPort}/dir";
        ApiCertificateFile = apiCertificateFile;
    }

    /// <summary>The ACME directory URL.</summary>
    public string Directory { get; }

    /// <summary>The certificate of the ACME API's HTTPS listener (self-signed for 127.0.0.1), which the ACME client must trust.</summary>
    public string ApiCertificateFile { get; }

    /// <param name="httpPort">Where pebble sends HTTP-01 validations (a CA sends them to port 80).</param>
    public static async Task<PebbleServer> StartAsync(string pebble, string challengeServer, int httpPort)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("infra-pebble-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var certificateFile = Path.Combine(folder, "api.pem");
        var keyFile = Path.Combine(folder, "api.key");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=pebble test API", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem() + "\n");
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        // Readable by the ACME client's container.
        File.SetUnixFileMode(certificateFile, (UnixFileMode)0b110_100_100);
        var (listen, management, dnsPort, dnsManagement) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var config = Path.Combine(folder, "pebble.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["pebble"] = new JsonObject
            {
                ["listenAddress"] = $"127.0.0.1:{listen}",
                ["managementListenAddress"] = $"127.0.0.1:{management}",
                ["certificate"] = certificateFile,
                ["privateKey"] = keyFile,
                ["httpPort"] = httpPort,
                ["tlsPort"] = FreePort.Next(),
                ["ocspResponderURL"] = "",
                ["externalAccountBindingRequired"] = false,
            },
        }.ToJsonString());

        var dns = BackgroundProcess.Start(challengeServer,
            "-dns01", $"127.0.0.1:{dnsPort}", "-http01", "", "-https01", "", "-tlsalpn01", "",
            "-management", $"127.0.0.1:{dnsManagement}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "");
        var server = BackgroundProcess.Start(pebble, new Dictionary<string, string>
        {
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_WFE_NONCEREJECT"] = "0",
            ["PEBBLE_AUTHZREUSE"] = "0",
        }, "-config", config, "-dnsserver", $"127.0.0.1:{dnsPort}");
        var started = new PebbleServer(folder, dns, server, listen, management, certificateFile);
        try
        {
            await server.WaitUntil(async () => await started.TryRootAsync() is not null, "pebble");
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        return started;
    }

    /// <summary>The root of pebble's issuing CA: what a client trusts to verify a certificate it issued.</summary>
    public async Task<X509Certificate2> RootAsync() =>
        await TryRootAsync() ?? throw new InvalidOperationException($"pebble does not answer:\n{_pebble.Output}");

    /// <summary>How many orders the CA was sent so far (pebble logs each: "Added order ... to the db").</summary>
    public int Orders => Count("Added order ");

    /// <summary>How many certificates the CA issued so far (pebble logs each: "Issued certificate serial ...").</summary>
    public int Issued => Count("Issued certificate serial ");

    private int Count(string line) => _pebble.Output.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal));

    /// <summary>Both servers' output, for failure messages.</summary>
    public string Output => _dns.Output + "\n" + _pebble.Output;

    private async Task<X509Certificate2?> TryRootAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.ExportCertificatePem() == File.ReadAllText(ApiCertificateFile).Trim() };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return X509Certificate2.CreateFromPem(await client.GetStringAsync($"https://127.0.0.1:{_managementPort}/roots/0"));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pebble.DisposeAsync();
        await _dns.DisposeAsync();
        System.IO.Directory.Delete(_folder, recursive: true);
    }
}
