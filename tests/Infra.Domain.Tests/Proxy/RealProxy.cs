using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Proxy;

/// <summary>Tests that run real HAProxy under load take turns, alone: they measure failed requests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProxy
{
    public const string Name = "real haproxy";

    /// <summary>A <see cref="ProxyRig"/>, or a skip naming what is missing (haproxy, bash).</summary>
    public static Task<ProxyRig> StartRig(params (string Service, string Slot)[] absent)
    {
        var haproxy = RequiresProgram.Program("haproxy", "/usr/sbin");
        // The switch script needs bash and coreutils only (no curl, socat).
        RequiresProgram.Program("bash");
        return ProxyRig.StartAsync(haproxy, absent: absent);
    }

    /// <summary>A rig with HTTPS as behind a proxied edge (certificate made by the stack's TLS steps); needs openssl too.</summary>
    public static Task<ProxyRig> StartTlsRig()
    {
        var haproxy = RequiresProgram.Program("haproxy", "/usr/sbin");
        RequiresProgram.Program("bash");
        RequiresProgram.Program("openssl");
        return ProxyRig.StartAsync(haproxy, tls: true);
    }

    /// <summary>Which slot answered each of <paramref name="count"/> requests, each on a new connection.</summary>
    public static async Task<IReadOnlyList<string>> SlotsAnswering(int port, string path, int count = 20)
    {
        using var client = new HttpClient();
        var slots = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}") { Headers = { ConnectionClose = true } };
            using var response = await client.SendAsync(request);
            slots.Add(response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"status {(int)response.StatusCode}");
        }

        return slots.Distinct().ToList();
    }
}
