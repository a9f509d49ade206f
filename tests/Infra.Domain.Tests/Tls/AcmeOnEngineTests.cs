using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Domain.Tls;
using Infra.Proxy.Harness;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Tls;

/// <summary>
/// Source <c>acme</c> for real: pebble (an ACME CA) on 127.0.0.1 validates every name with a real
/// HTTP-01 request to the proxy's plain-HTTP port, HAProxy (the proxy container's stand-in) passes it
/// to lego (the ACME client's stand-in) in the proxy's network namespace, and the stack's renewal
/// script installs what lego was issued and reloads the proxy, with docker as the only program.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
[Trait(RequiresProgram.Trait, "pebble")]
[Trait(RequiresProgram.Trait, "lego")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AcmeOnEngineTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_ca_validates_through_port_80_and_a_client_verifying_against_it_is_served_with_a_key_only_its_owner_reads()
    {
        await using var rig = await AcmeProxyRig.StartAsync();

        var issued = await rig.RenewAsync();
        output.WriteLine($"{issued.Output}{issued.Error}");
        Assert.True(issued.ExitCode == 0, $"exit {issued.ExitCode}\n{issued.Output}{issued.Error}\n{rig.Pebble.Output}");
        Assert.Contains("proxy: reloaded", issued.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", issued.Output + issued.Error, StringComparison.Ordinal);

        // Every name of the edge, checked against pebble's root and nothing else.
        foreach (var name in AcmeProxyRig.Hostnames)
        {
            var served = await Eventually(async () => await rig.ServedCertificateAsync(await rig.ClientAsync(name)));
            Assert.Contains("Pebble Intermediate CA", served.Issuer, StringComparison.Ordinal);
            Assert.Equal(rig.InstalledCertificate().SerialNumber, served.SerialNumber);
        }

        using var client = HttpsClient(await rig.ClientAsync());
        using var response = await client.GetAsync($"https://{AcmeProxyRig.Domain}:{rig.HttpsPort}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());

        // The key: in the bundle and beside it, readable by their owner (HAProxy's uid 99) only; lego's
        // account key root's only; lego's own copy of the certificate key gone.
        var certs = Path.Combine(rig.Files, ProxyLayout.CertificateFolder);
        var acme = Path.Combine(rig.Files, ProxyLayout.AcmeFolder);
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(rig.BundlePath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(certs, ProxyLayout.KeyFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(certs));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(acme));
        var accountKeys = Directory.GetFiles(Path.Combine(acme, "accounts"), "*.key", SearchOption.AllDirectories);
        Assert.NotEmpty(accountKeys);
        Assert.All(accountKeys, key => Assert.Equal(ownerOnly, File.GetUnixFileMode(key)));
        Assert.Empty(Directory.GetFiles(Path.Combine(acme, AcmeClient.IssuedFolder), "*.key"));
        var owner = await ProcessRunner.Run("stat", ["-c", "%u:%g", rig.BundlePath]);
        Assert.Equal(TlsScript.ProxyOwner, owner.Output.Trim());

        // Not due again: the script keeps it without asking the CA, and nothing reloads.
        var again = await rig.RenewAsync();
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.Output}{again.Error}");
        Assert.Contains("tls: ACME certificate kept", again.Error + again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy: reloaded", again.Output, StringComparison.Ordinal);
        Assert.Equal(rig.InstalledCertificate().SerialNumber, (await rig.ServedCertificateAsync(await rig.ClientAsync())).SerialNumber);
    }

    [SkippableFact]
    public async Task A_renewal_replaces_the_certificate_while_keep_alive_clients_are_served()
    {
        await using var rig = await AcmeProxyRig.StartAsync();
        var first = await rig.RenewAsync();
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Output}{first.Error}\n{rig.Pebble.Output}");
        var before = await Eventually(async () => await rig.ServedCertificateAsync(await rig.ClientAsync()));

        var load = LoadClient.Start(rig.HttpsPort, ["/"], connections: 8, requestsPerSecond: 400, tls: await rig.ClientAsync());
        ProcessResult renewal;
        LoadResult result;
        try
        {
            await Task.Delay(500);
            // A margin longer than pebble's five-year certificates: due now.
            renewal = await rig.RenewAsync(renewDaysBefore: 3650);
            await Task.Delay(1000);
        }
        finally
        {
            result = await load.StopAsync();
        }

        output.WriteLine($"{renewal.Output}{renewal.Error}");
        output.WriteLine(result.Describe());
        Assert.True(renewal.ExitCode == 0, $"exit {renewal.ExitCode}\n{renewal.Output}{renewal.Error}\n{rig.Pebble.Output}");
        Assert.Contains("proxy: reloaded", renewal.Output, StringComparison.Ordinal);
        Assert.True(result.Failures.Count == 0, result.Describe());
        Assert.True(result.Requests.Count > 200, result.Describe());

        var after = await rig.ServedCertificateAsync(await rig.ClientAsync());
        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.Equal(rig.InstalledCertificate().SerialNumber, after.SerialNumber);
    }

    [SkippableFact]
    public async Task A_certificate_issued_but_not_installed_is_installed_by_the_next_run_without_asking_the_ca()
    {
        await using var rig = await AcmeProxyRig.StartAsync();
        var placeholder = rig.InstalledCertificate();

        var waiting = await IssuedButNotInstalledAsync(rig);
        Assert.Equal(placeholder.SerialNumber, rig.InstalledCertificate().SerialNumber);
        Assert.Equal((1, 1), (rig.Pebble.Orders, rig.Pebble.Issued));

        var next = await rig.RenewAsync();
        output.WriteLine($"{next.Output}{next.Error}");
        Assert.True(next.ExitCode == 0, $"exit {next.ExitCode}\n{next.Output}{next.Error}\n{rig.Pebble.Output}");
        Assert.Contains("tls: ACME certificate issued but not installed", next.Error, StringComparison.Ordinal);
        Assert.Contains("acme: installing the certificate the CA already issued; the ACME client is not run", next.Error, StringComparison.Ordinal);
        Assert.Contains("proxy: reloaded", next.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", next.Output + next.Error, StringComparison.Ordinal);

        // The CA was not asked again: no new order, no new certificate; the one it issued is served.
        Assert.Equal((1, 1), (rig.Pebble.Orders, rig.Pebble.Issued));
        Assert.Equal(waiting.SerialNumber, rig.InstalledCertificate().SerialNumber);
        Assert.Equal(waiting.SerialNumber, await ServedSerialAsync(rig, waiting.SerialNumber));
        Assert.Empty(Directory.GetFiles(rig.ClientCertificates));
        Assert.False(File.Exists(Path.Combine(rig.Files, ProxyLayout.AcmeFolder, TlsScript.AcmeRequestedForFile)));

        // Installed: kept from now on, still without asking the CA.
        var again = await rig.RenewAsync();
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.Output}{again.Error}");
        Assert.Contains("tls: ACME certificate kept", again.Error, StringComparison.Ordinal);
        Assert.Equal((1, 1), (rig.Pebble.Orders, rig.Pebble.Issued));
    }

    [SkippableFact]
    public async Task A_leftover_certificate_for_other_names_another_directory_another_key_or_too_close_to_expiry_is_not_installed()
    {
        await using var rig = await AcmeProxyRig.StartAsync();
        var waiting = await IssuedButNotInstalledAsync(rig);
        var requestedFor = Path.Combine(rig.Files, ProxyLayout.AcmeFolder, TlsScript.AcmeRequestedForFile);
        var leftover = Directory.GetFiles(rig.ClientCertificates).Append(requestedFor).ToDictionary(f => f, File.ReadAllBytes);
        var keyFile = Path.Combine(rig.ClientCertificates, $"{AcmeProxyRig.Domain}.key");

        var scenarios = new (string Name, StackSettings Settings, Action? Spoil, string[] Names)[]
        {
            // Each run asks the CA again; each leaves a bundle the next scenario must replace (other names, then another directory, ...).
            ("other names", rig.Settings with { Edge = rig.Settings.Edge! with { Records = ["@"] } }, null, [AcmeProxyRig.Domain]),
            ("another directory", rig.Settings with { Tls = rig.Settings.Tls! with { AcmeDirectory = rig.Pebble.Directory + "?v2" } }, null, [.. AcmeProxyRig.Hostnames]),
            ("another key", rig.Settings, () => File.WriteAllText(keyFile, OtherKeyPem()), [.. AcmeProxyRig.Hostnames]),
            // A margin longer than pebble's five-year certificates.
            ("too close to expiry", rig.Settings with { Tls = rig.Settings.Tls! with { RenewDaysBefore = 3650 } }, null, [.. AcmeProxyRig.Hostnames]),
        };
        foreach (var (name, settings, spoil, names) in scenarios)
        {
            foreach (var (file, bytes) in leftover)
            {
                await File.WriteAllBytesAsync(file, bytes);
            }

            spoil?.Invoke();
            var issuedBefore = rig.Pebble.Issued;
            var run = await rig.RenewAsync(settings);
            output.WriteLine($"{name}:\n{run.Output}{run.Error}");
            Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Output}{run.Error}\n{rig.Pebble.Output}");
            Assert.Contains("tls: stale ACME client copies removed", run.Error, StringComparison.Ordinal);
            Assert.Contains("proxy: reloaded", run.Output, StringComparison.Ordinal);
            Assert.True(rig.Pebble.Issued == issuedBefore + 1, $"{name}: {rig.Pebble.Issued - issuedBefore} certificates issued, not 1");
            var installed = rig.InstalledCertificate();
            Assert.NotEqual(waiting.SerialNumber, installed.SerialNumber);
            Assert.Equal(names.Order(StringComparer.Ordinal), DnsNames(installed).Order(StringComparer.Ordinal));
            Assert.Equal(installed.SerialNumber, await ServedSerialAsync(rig, installed.SerialNumber));
        }
    }

    /// <summary>
    /// One renewal whose install fails for real after the client was issued the certificate: the
    /// certificates folder's file system (a small tmpfs over it) is full. Returns the certificate the
    /// client left for the install.
    /// </summary>
    private async Task<X509Certificate2> IssuedButNotInstalledAsync(AcmeProxyRig rig)
    {
        ProcessResult failed;
        await using (var full = await SmallFileSystem.MountOver(Path.Combine(rig.Files, ProxyLayout.CertificateFolder), "64k"))
        {
            full.Fill();
            failed = await rig.RenewAsync();
        }

        output.WriteLine($"failed install:\n{failed.Output}{failed.Error}");
        Assert.True(failed.ExitCode != 0, $"the install did not fail\n{failed.Output}{failed.Error}");
        Assert.Contains("tls: cannot write the key", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, rig.Pebble.Issued);
        return X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(rig.ClientCertificates, $"{AcmeProxyRig.Domain}.crt")));
    }

    /// <summary>The serial the proxy serves once <paramref name="expected"/> is served or 10 s have passed: old workers finish their connections after a reload.</summary>
    private static async Task<string> ServedSerialAsync(AcmeProxyRig rig, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var served = (await Eventually(async () => await rig.ServedCertificateAsync(await rig.ClientAsync()))).SerialNumber;
            if (served == expected || DateTime.UtcNow > deadline)
            {
                return served;
            }

            await Task.Delay(200);
        }
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();

    private static string OtherKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    [SkippableFact]
    public async Task On_port_80_only_the_challenge_path_is_not_redirected()
    {
        await using var rig = await AcmeProxyRig.StartAsync();

        foreach (var path in new[] { "/", "/api/items?page=2", "/.well-known/", "/.well-known/acme-challenge", "/x/.well-known/acme-challenge/token" })
        {
            var (status, location) = await PlainGet(rig.HttpPort, path);
            Assert.True(status == 301, $"{path}: {status}");
            Assert.Equal($"https://{AcmeProxyRig.Domain}:{rig.HttpsPort}{path}", location);
        }

        // No client runs now: the challenge path reaches its backend, which has nobody to answer.
        var (challenge, none) = await PlainGet(rig.HttpPort, AcmeChallenge.PathPrefix + "token");
        Assert.Equal((503, (string?)null), (challenge, none));
    }

    private static async Task<(int Status, string? Location)> PlainGet(int port, string path)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {AcmeProxyRig.Domain}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var text = await reader.ReadToEndAsync();
        var lines = text.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var location = lines.FirstOrDefault(l => l.StartsWith("location: ", StringComparison.OrdinalIgnoreCase))?["location: ".Length..];
        return (status, location);
    }

    private static HttpClient HttpsClient(TlsClient tls) => new(new SocketsHttpHandler
    {
        SslOptions = tls.Options(),
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancel);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A handshake that meets the old worker handing its listener over may be cut: the reloaded proxy must answer within 10 s.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
