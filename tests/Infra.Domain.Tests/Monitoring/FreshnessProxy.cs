using System.Net;
using Infra.Domain.Monitoring;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Monitoring;

/// <summary>
/// Real HAProxy 2.6 with prod's haproxy.cfg as rendered (its lua-load and use-service lines) and the
/// rendered backup-freshness script, reading the backup's and the WAL shipper's records from a folder of
/// the test's, as the proxy reads them from its files folder on the droplet.
/// </summary>
public sealed class FreshnessProxy : IAsyncDisposable
{
    private readonly string _folder;
    private readonly HaproxyProcess _haproxy;
    private readonly HttpClient _http = new();
    private readonly int _port;

    private FreshnessProxy(string folder, HaproxyProcess haproxy, int port, BackupFreshness freshness, string records)
    {
        _folder = folder;
        _haproxy = haproxy;
        _port = port;
        Freshness = freshness;
        Record = Path.Combine(records, BackupFreshness.RecordFileName);
        WalRecord = Path.Combine(records, BackupFreshness.WalRecordFileName);
    }

    public BackupFreshness Freshness { get; }

    public string Record { get; }

    public string WalRecord { get; }

    /// <summary>Skips (or fails under CI) without haproxy.</summary>
    public static async Task<FreshnessProxy> Start(string records)
    {
        var program = RequiresProgram.Program("haproxy", "/usr/sbin");
        var folder = Directory.CreateTempSubdirectory("infra-freshness-").FullName;
        var prod = Stacks.Prod().Load().Settings!;
        var port = FreePort.Next();
        var settings = prod with { Proxy = new ProxySettings { HttpPort = port, PreviewPort = FreePort.Next() } };
        var freshness = BackupFreshness.For(settings)!;
        var layout = new ProxyLayout
        {
            RuntimeAddress = $"127.0.0.1:{FreePort.Next()}",
            BindAddress = "127.0.0.1",
            FilesDirectory = folder,
            ServerAddress = _ => "127.0.0.1:9",
        };
        Directory.CreateDirectory(Path.Combine(folder, "rendered"));
        await File.WriteAllTextAsync(BackupFreshness.ScriptPath(folder),
            freshness.Script(Path.Combine(records, BackupFreshness.RecordFileName), Path.Combine(records, BackupFreshness.WalRecordFileName)));
        var config = Path.Combine(folder, ProxyLayout.ConfigFileName);
        await File.WriteAllTextAsync(config, HaproxyConfig.Render(settings, layout));
        var haproxy = new HaproxyProcess(program, config, layout.RuntimeAddress, port);
        await haproxy.StartAsync();
        return new FreshnessProxy(folder, haproxy, port, freshness, records);
    }

    /// <summary>GET of the backup-freshness path: its status and its one line of text.</summary>
    public async Task<(HttpStatusCode Status, string Text)> Ask()
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{_port}{BackupFreshness.Path}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
    }

    /// <summary>Replaces a record by rename, as the scripts do.</summary>
    public static async Task Write(string record, string text)
    {
        await File.WriteAllTextAsync(record + ".tmp", text);
        File.Move(record + ".tmp", record, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _haproxy.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
