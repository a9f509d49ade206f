using System.Net;
using Infra.Domain.Backups;
using Infra.Domain.Tests.Proxy;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Monitoring;

/// <summary>
/// The backup-freshness answer on real HAProxy 2.6 (<see cref="FreshnessProxy"/>), with the records in a
/// temp folder. They are read on every request, so neither the backup job nor the WAL shipper ever has
/// to reload the proxy.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class BackupFreshnessOnHaproxyTests : IDisposable
{
    private readonly string _records = Directory.CreateTempSubdirectory("infra-freshness-records-").FullName;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [SkippableFact]
    public async Task It_answers_503_without_a_record_200_while_fresh_and_503_once_stale()
    {
        await using var proxy = await FreshnessProxy.Start(_records);
        await FreshnessProxy.Write(proxy.WalRecord, $"{Now}\nok\nWAL shipped; 0 segment(s) waiting\n");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"stale: no successful backup recorded ({proxy.Record})"), await proxy.Ask());

        var limit = (long)proxy.Freshness.MaxAge.TotalSeconds;
        await FreshnessProxy.Write(proxy.Record, $"{Now - 30}\n");
        var (status, text) = await proxy.Ask();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($@"^fresh: last successful backup 3[0-9] s ago \(limit {limit} s\); WAL shipped [0-9] s ago$", text);

        await FreshnessProxy.Write(proxy.Record, $"{Now - limit + 60}\n");
        Assert.Equal(HttpStatusCode.OK, (await proxy.Ask()).Status);

        await FreshnessProxy.Write(proxy.Record, $"{Now - limit - 60}\n");
        (status, text) = await proxy.Ask();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Matches($@"^stale: last successful backup ({limit + 60}|{limit + 61}) s ago \(limit {limit} s\)$", text);

        await File.WriteAllTextAsync(proxy.Record, "running\n");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"stale: the record {proxy.Record} holds no time"), await proxy.Ask());
    }

    /// <summary>Issue 13: a fresh backup is not enough while the WAL shipper says behind, is silent, or never ran.</summary>
    [SkippableFact]
    public async Task It_answers_503_while_wal_archiving_is_behind_or_its_shipper_is_silent()
    {
        await using var proxy = await FreshnessProxy.Start(_records);
        Assert.True(proxy.Freshness.ArchivesWal);
        await FreshnessProxy.Write(proxy.Record, $"{Now - 30}\n");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"behind: no WAL shipping run recorded ({proxy.WalRecord})"), await proxy.Ask());

        const string Behind = "WAL archiving behind by 3 segments / 48.0 MiB: shipping the WAL of 'db' failed (restic exit 1): Fatal: unable to open repository";
        await FreshnessProxy.Write(proxy.WalRecord, $"{Now}\nbehind\n{Behind}\n");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"behind: {Behind}"), await proxy.Ask());

        var limit = WalArchiving.RecordStaleAfterSeconds;
        await FreshnessProxy.Write(proxy.WalRecord, $"{Now - limit - 60}\nok\nWAL shipped; 0 segment(s) waiting\n");
        var (status, text) = await proxy.Ask();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Matches($@"^behind: WAL shipping last recorded a run ({limit + 60}|{limit + 61}) s ago \(limit {limit} s\)$", text);

        await FreshnessProxy.Write(proxy.WalRecord, $"{Now - 5}\nok\nWAL shipped; 0 segment(s) waiting\n");
        Assert.Equal(HttpStatusCode.OK, (await proxy.Ask()).Status);
    }

    public void Dispose() => Directory.Delete(_records, recursive: true);
}
