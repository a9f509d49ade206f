using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Each way a run can fail fails loudly: a non-zero exit, a clear message, a failed status on the
/// server, no heartbeat, and nothing deleted. The repository holds snapshots that retention
/// (keep one daily) would thin if forget ran; afterwards every one of them is still there.
/// s3rver accepts any secret key, so these tests say nothing about S3 authentication.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "postgres")]
public sealed class FailureTests(S3ServerFixture s3Server) : IClassFixture<S3ServerFixture>
{
    private static BackupPlan PlanWithDatabaseOn(int port) =>
        new("test", [new DatabaseBackup("db", AccessoryKind.Postgres, port, "app", "app")], [], new RetentionSettings { Daily = 1, Weekly = 0, Monthly = 0 });

    [SkippableFact]
    public async Task A_wrong_repository_password_fails_and_deletes_nothing()
    {
        await RunFailing(
            (rig, heartbeat) => rig.WriteEnvironment("not the password", heartbeat.Url),
            "cannot open the restic repository at s3:https://127.0.0.1:", "Fatal: wrong password or no key found");
    }

    [SkippableFact]
    public async Task An_unreachable_bucket_fails_and_deletes_nothing()
    {
        var closedPort = FreePort.Next();
        await RunFailing(
            (rig, heartbeat) => rig.WriteEnvironment(BackupRig.Password, heartbeat.Url, $"s3:https://127.0.0.1:{closedPort}/{S3Server.Bucket}/gone"),
            $"cannot open the restic repository at s3:https://127.0.0.1:{closedPort}/{S3Server.Bucket}/gone", "connection refused");
    }

    [SkippableFact]
    public async Task A_dump_that_fails_halfway_leaves_no_snapshot_and_deletes_nothing()
    {
        // Megabytes of dump reach restic before pg_dump fails, as when the server goes away mid-dump.
        await RunFailing(
            (rig, _) =>
            {
                rig.ProvideProgram("pg_dump", """
                    #!/bin/sh
                    echo "-- PostgreSQL database dump"
                    head -c 8000000 /dev/urandom
                    echo 'pg_dump: error: Dumping the contents of table "orders" failed: PQgetResult() failed.' >&2
                    exit 1
                    """);
                return Task.CompletedTask;
            },
            "dump of database 'db' failed (exit 1): pg_dump: error: Dumping the contents of table \"orders\" failed");
    }

    [SkippableFact]
    public async Task A_dump_that_cannot_connect_leaves_no_snapshot_and_deletes_nothing()
    {
        // Fails at once, before restic has even started reading: the earliest moment to stop it.
        await RunFailing((_, _) => Task.CompletedTask, "dump of database 'db' failed (exit 1): pg_dump: error: connection to server at \"127.0.0.1\"");
    }

    private async Task RunFailing(Func<BackupRig, HeartbeatListener, Task> breakIt, params string[] expectedMessages)
    {
        RequiresProgram.Program("restic");
        RequiresProgram.Program("pg_dump", PostgresServer.Bin);
        var s3 = await s3Server.Server();
        using var heartbeat = new HeartbeatListener();
        // Nothing listens on this port: the real pg_dump cannot connect.
        using var rig = await BackupRig.Create(s3, PlanWithDatabaseOn(FreePort.Next()), heartbeat.Url);
        foreach (var day in new[] { 1, 2, 3 })
        {
            await rig.SaveDatabaseSnapshot("db", new DateTime(2026, 3, day, 3, 15, 0, DateTimeKind.Utc));
        }

        var before = await rig.Snapshots();
        await breakIt(rig, heartbeat);

        var run = await rig.Backup();

        Assert.NotEqual(0, run.ExitCode);
        var status = rig.Status();
        Assert.Equal("failed", status["result"]);
        foreach (var message in expectedMessages)
        {
            Assert.Contains(message, status["message"]);
            Assert.Contains("backup FAILED: ", run.Error);
            Assert.Contains(message, run.Error);
        }

        Assert.Equal(before, await rig.Snapshots());
        Assert.Equal(0, heartbeat.Pings);
        Assert.False(File.Exists(rig.SuccessRecord), "a failed run must not record a success for the backup-freshness check");
        // Interrupted restic removed its lock: the next run is not blocked.
        Assert.Equal("", (await rig.Restic("list", "locks", "--no-lock")).Output);
    }
}
