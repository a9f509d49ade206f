using System.Net;
using System.Net.Security;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Proxy;

/// <summary>
/// HTTPS at the origin for real: HAProxy 2.6 on 127.0.0.1 with the configuration rendered for a
/// proxied edge, its key and certificate made by the stack's own TLS steps (tls.sh), the certificate
/// signed by a CA the test made in place of Cloudflare's Origin CA, and client certificates checked
/// against a second test CA in place of Cloudflare's origin-pull CA.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "haproxy")]
[Trait(RequiresProgram.Trait, "openssl")]
public sealed class TlsProxyTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_client_that_verifies_the_chain_and_presents_the_origin_pull_certificate_is_served_with_hsts()
    {
        await using var rig = await RealProxy.StartTlsRig();
        using var client = Client(rig.EdgeClient());

        using var response = await client.GetAsync($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/api/items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Slots.Blue, response.Headers.GetValues(HaproxyConfig.SlotHeader).Single());
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [SkippableFact]
    public async Task A_client_without_the_origin_pull_certificate_is_refused()
    {
        await using var rig = await RealProxy.StartTlsRig();
        using var client = Client(rig.EdgeClient(presentsCertificate: false));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/"));
        output.WriteLine(refused.ToString());
        Assert.NotEqual(System.Net.Http.HttpRequestError.ConnectionError, refused.HttpRequestError);

        // The same listener serves the edge's client at once: it was the missing certificate, nothing else.
        using var edge = Client(rig.EdgeClient());
        using var response = await edge.GetAsync($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [SkippableFact]
    public async Task A_client_trusting_another_ca_does_not_accept_the_server()
    {
        await using var rig = await RealProxy.StartTlsRig();
        using var stranger = new TestPki();
        using var client = Client(new TlsClient(stranger.OriginCa, ProxyRig.ServerName, rig.Pki!.EdgeClient));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/"));
    }

    [SkippableFact]
    public async Task Plain_http_is_redirected_to_https_with_host_and_path()
    {
        await using var rig = await RealProxy.StartTlsRig();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{rig.PublicPort}/api/items?page=2");
        request.Headers.Host = $"{ProxyRig.ServerName}:{rig.PublicPort}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/api/items?page=2", response.Headers.Location!.ToString());
        Assert.False(response.Headers.Contains(HaproxyConfig.SlotHeader), "plain HTTP reached a backend");
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_key_is_readable_by_its_owner_only_and_the_request_holds_no_key()
    {
        await using var rig = await RealProxy.StartTlsRig();
        var key = ServerTls.KeyPath(rig.Directory);
        var bundle = ServerTls.CertificatePath(rig.Directory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bundle));
        Assert.Contains("PRIVATE KEY", await File.ReadAllTextAsync(bundle), StringComparison.Ordinal);

        // A renewal: a new key and request, and only the request on stdout.
        var renewal = await ServerTls.RunAsync(rig.Directory, ["key", ProxyRig.ServerName]);
        Assert.True(renewal.ExitCode == 0, renewal.ToString());
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", renewal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", renewal.Output + renewal.Error, StringComparison.Ordinal);

        // Until its certificate comes, HTTPS goes on with the current one; a certificate for another key is refused.
        var foreign = await ServerTls.RunAsync(rig.Directory, ["install"], rig.Pki!.Sign(await OtherRequest(rig.Directory), [ProxyRig.ServerName], TimeSpan.FromDays(1)));
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("no key", foreign.Error, StringComparison.Ordinal);

        var install = await ServerTls.RunAsync(rig.Directory, ["install"], rig.Pki.Sign(renewal.Output, [ProxyRig.ServerName, "127.0.0.1"], TimeSpan.FromDays(7)));
        Assert.True(install.ExitCode == ProxyInstall.ReloadStatus, install.ToString());
        Assert.False(File.Exists(key + ".next"), "the new key was not put in place");
        await rig.Haproxy.ReloadAsync();

        // A handshake that meets the old worker handing its listener over may be cut: the reloaded proxy must answer within 10 s.
        using var client = Client(rig.EdgeClient());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync($"https://{ProxyRig.ServerName}:{rig.HttpsPort}/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    [SkippableFact]
    public async Task A_switch_over_tls_keep_alive_connections_fails_no_request()
    {
        await using var rig = await RealProxy.StartTlsRig();
        var load = rig.StartLoad(connections: 8, requestsPerSecond: 1000);
        ScriptRun run;
        LoadResult result;
        try
        {
            await Task.Delay(500);
            run = await rig.SwitchAsync(Slots.Green);
            await Task.Delay(500);
        }
        finally
        {
            result = await load.StopAsync();
        }

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(result.Failures.Count == 0, result.Describe());
        Assert.Equal((0, 8), (result.Reconnects, result.OpenAtEnd));
        Assert.True(result.AnsweredBy(Slots.Blue) > 50 && result.AnsweredBy(Slots.Green) > 50, result.Describe());
    }

    private static HttpClient Client(TlsClient tls)
    {
        var options = tls.Options();
        var handler = new SocketsHttpHandler
        {
            SslOptions = options,
            // localhost is this machine; the name is what the certificate is checked for.
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ((DnsEndPoint)_.DnsEndPoint).Port), cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A request for a key that never reaches the proxy's files.</summary>
    private static async Task<string> OtherRequest(string directory)
    {
        var elsewhere = Directory.CreateTempSubdirectory("infra-tls-other-").FullName;
        try
        {
            var run = await ServerTls.RunAsync(elsewhere, ["key", ProxyRig.ServerName]);
            run.EnsureSucceeded("tls.sh key");
            return run.Output;
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
