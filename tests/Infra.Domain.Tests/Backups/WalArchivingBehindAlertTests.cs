using System.Globalization;
using System.Net;
using Infra.Domain.Backups;
using Infra.Domain.Tests.Monitoring;
using Infra.Domain.Tests.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Release.Status;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Issue 13: the bucket becomes unreachable (the S3 server stops) while PostgreSQL 15 writes. Every
/// segment it archives stays in the archive volume, the shipper records per accessory and for the proxy
/// that archiving is behind by N segments / M MiB, and both the backup-freshness answer of real HAProxy
/// and `release status` (its reading of that record) say so. Once the bucket is back, everything ships
/// and both clear.
/// </summary>
[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "postgres")]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class WalArchivingBehindAlertTests
{
    [SkippableFact]
    public async Task An_unreachable_bucket_keeps_every_segment_and_status_and_the_alert_say_how_far_behind()
    {
        await using var db = await ArchivingPostgres.Start();
        var (s3, rig, pg) = (db.S3, db.Rig, db.Pg);
        await using var proxy = await FreshnessProxy.Start(Path.GetDirectoryName(rig.SuccessRecord)!);
        await pg.Rows("CREATE TABLE t (x int)");
        var backup = await rig.Backup();
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        Assert.Equal(HttpStatusCode.OK, (await proxy.Ask()).Status);
        Assert.Equal("ok", db.ShipperRecord()["result"]);

        await s3.Stop();
        var archived = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await pg.Rows($"INSERT INTO t VALUES ({i}); SELECT pg_switch_wal()");
        }

        await db.WaitUntilArchived();
        archived.AddRange(db.ArchivedSegments());
        var started = DateTime.UtcNow;
        var shipped = await rig.ShipWal();
        var took = DateTime.UtcNow - started;

        Assert.Equal(1, shipped.ExitCode);
        var behind = ArchivingPostgres.Behind().Match(shipped.Error);
        Assert.True(behind.Success, shipped.Error);
        var segments = int.Parse(behind.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(segments >= 3, shipped.Error);
        Assert.Equal((segments * 16.0).ToString("F1", CultureInfo.InvariantCulture), behind.Groups[2].Value);
        Assert.Contains("shipping the WAL of 'db' failed", shipped.Error);
        // Nothing was lost: every archived segment waits in the archive volume, and PostgreSQL's archiver itself is fine.
        Assert.Subset(db.ArchivedSegments().ToHashSet(), archived.ToHashSet());
        Assert.Equal("0", (await pg.Rows("SELECT failed_count FROM pg_stat_archiver")).Single());

        // The accessory's record, as the shipper wrote it...
        var record = db.ShipperRecord();
        Assert.Equal(["time", "result", "pending_segments", "pending_mib", "message"], record.Keys);
        Assert.Equal(("behind", segments.ToString(CultureInfo.InvariantCulture), behind.Groups[2].Value), (record["result"], record["pending_segments"], record["pending_mib"]));
        var message = record["message"];
        Assert.StartsWith(behind.Value + ": shipping the WAL of 'db' failed", message);

        // ...is what `release status` shows for db, and fails on...
        var text = await File.ReadAllTextAsync(Path.Combine(rig.StateDirectory, WalArchiving.StatusFileName("db")));
        var status = WalArchivingStatus.From(new WalArchivingReading("db", WalArchivingRecord.Parse(text)), DateTimeOffset.UtcNow);
        Assert.Equal(("behind", $"{segments} segments / {behind.Groups[2].Value} MiB"), (status.State, status.Behind));
        Assert.Equal($"accessory db: {message}", status.Problem);

        // ...and what the backup-freshness check answers, with a backup that is fresh.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"behind: {message}"), await proxy.Ask());

        // The bucket is back: every segment ships, and both clear.
        await s3.Restart();
        var caughtUp = await rig.ShipWal();
        Assert.True(caughtUp.ExitCode == 0, caughtUp.Output + caughtUp.Error);
        Assert.Equal("ok", db.ShipperRecord()["result"]);
        Assert.Null(WalArchivingStatus.From(new WalArchivingReading("db", WalArchivingRecord.Parse(
            await File.ReadAllTextAsync(Path.Combine(rig.StateDirectory, WalArchiving.StatusFileName("db"))))), DateTimeOffset.UtcNow).Problem);
        Assert.Equal(HttpStatusCode.OK, (await proxy.Ask()).Status);
        var listing = await rig.Restic("ls", "--no-lock", "latest", "--tag", "kind=wal,name=db");
        Assert.True(listing.ExitCode == 0, listing.Error);
        Assert.Subset(listing.Output.Split('\n').Select(line => Path.GetFileName(line.Trim())).ToHashSet(), archived.ToHashSet());
        Console.WriteLine($"shipping against the stopped bucket failed in {took.TotalSeconds:F1} s: {shipped.Error.Trim()}");
    }
}
