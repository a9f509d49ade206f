using System.Net;
using Infra.Domain.Monitoring;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Monitoring;

/// <summary>
/// The backup-freshness answer on real HAProxy 2.6: prod's haproxy.cfg as rendered (its lua-load and
/// use-service lines) and the rendered script, with the record in a temp folder. The record is read on
/// every request, so the backup job never has to reload the proxy.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class BackupFreshnessOnHaproxyTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("infra-freshness-").FullName;
    private readonly HttpClient _http = new();
    private HaproxyProcess? _haproxy;
    private BackupFreshness _freshness = null!;
    private int _port;

    private string Record => Path.Combine(_folder, BackupFreshness.RecordFileName);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Started by the test, so that a missing haproxy skips it (or fails it under CI=true).</summary>
    private async Task StartAsync()
    {
        var haproxy = RequiresProgram.Program("haproxy", "/usr/sbin");
        var prod = Stacks.Prod().Load().Settings!;
        _port = FreePort.Next();
        var settings = prod with { Proxy = new ProxySettings { HttpPort = _port, PreviewPort = FreePort.Next() } };
        _freshness = BackupFreshness.For(settings)!;
        var layout = new ProxyLayout
        {
            RuntimeAddress = $"127.0.0.1:{FreePort.Next()}",
            BindAddress = "127.0.0.1",
            FilesDirectory = _folder,
            ServerAddress = _ => "127.0.0.1:9",
        };
        Directory.CreateDirectory(Path.Combine(_folder, "rendered"));
        await File.WriteAllTextAsync(BackupFreshness.ScriptPath(_folder), _freshness.Script(Record));
        var config = Path.Combine(_folder, ProxyLayout.ConfigFileName);
        await File.WriteAllTextAsync(config, HaproxyConfig.Render(settings, layout));
        _haproxy = new HaproxyProcess(haproxy, config, layout.RuntimeAddress, _port);
        await _haproxy.StartAsync();
    }

    [SkippableFact]
    public async Task It_answers_503_without_a_record_200_while_fresh_and_503_once_stale()
    {
        await StartAsync();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"stale: no successful backup recorded ({Record})"), await AskAsync());

        var limit = (long)_freshness.MaxAge.TotalSeconds;
        await WriteRecordAsync(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30);
        var (status, text) = await AskAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($@"^fresh: last successful backup 3[0-9] s ago \(limit {limit} s\)$", text);

        await WriteRecordAsync(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - limit + 60);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync()).Status);

        await WriteRecordAsync(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - limit - 60);
        (status, text) = await AskAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Matches($@"^stale: last successful backup ({limit + 60}|{limit + 61}) s ago \(limit {limit} s\)$", text);

        await File.WriteAllTextAsync(Record, "running\n");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"stale: the record {Record} holds no time"), await AskAsync());
    }

    /// <summary>The record is replaced by rename, as the backup script does it.</summary>
    private async Task WriteRecordAsync(long unixSeconds)
    {
        await File.WriteAllTextAsync(Record + ".tmp", $"{unixSeconds}\n");
        File.Move(Record + ".tmp", Record, overwrite: true);
    }

    private async Task<(HttpStatusCode Status, string Text)> AskAsync()
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{_port}{BackupFreshness.Path}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
    }

    public async Task DisposeAsync()
    {
        if (_haproxy is not null)
        {
            await _haproxy.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
