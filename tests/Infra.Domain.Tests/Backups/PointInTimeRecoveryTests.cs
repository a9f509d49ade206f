using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Point-in-time recovery for real: PostgreSQL 15 archives its WAL with the stack's archive_command
/// (a short archive_timeout to keep the test fast), the rendered shipper ships it into a real S3
/// bucket as the timer would, the rendered backup takes a base backup, and a writer commits rows
/// continuously until the server is killed with SIGKILL at a random moment. The rendered restore
/// then recovers into a freshly built server: to latest, and to chosen instants.
/// </summary>
[Trait(RequiresProgram.Trait, "postgres")]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class PointInTimeRecoveryTests
{
    private const string DbPassword = "pg-s3cret";
    private const int ArchiveTimeoutSeconds = 2;
    private static readonly TimeSpan ShipEvery = TimeSpan.FromSeconds(1);

    [SkippableFact]
    public async Task Recovers_everything_but_the_last_archive_interval_and_exactly_the_rows_committed_by_a_chosen_time()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, FreePort.Next(), "app", "app")], [], new RetentionSettings());
        using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = DbPassword });
        var archive = await rig.WalArchive("db");
        var live = await PostgresServer.Start("app", DbPassword, plan.Databases[0].Port,
            [.. WalArchiving.ServerArguments(archive, ArchiveTimeoutSeconds), "-c", "track_commit_timestamp=on"]);
        PostgresServer? rebuilt = null;
        try
        {
            await live.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            await using var shipper = ShipperLoop.Start(rig, ShipEvery);
            var writer = Writer.Start(live);
            await Task.Delay(TimeSpan.FromSeconds(2));

            var backup = await rig.Backup();
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            var baseBackupDone = DateTimeOffset.UtcNow;
            Assert.Equal("ok", rig.Status()["result"]);
            Assert.Contains("kind=base,name=db", (await rig.Snapshots()).Select(s => s.Tags));

            // The crash: at a random moment while rows are being written, once rows have been committed after
            // the base backup for longer than the most that may be lost (so some of them must be recovered),
            // however slowly this machine writes and ships.
            var writingFor = TimeSpan.FromMilliseconds(4000 + Random.Shared.Next(6000));
            var crashDeadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < crashDeadline)
            {
                var lossBound = TimeSpan.FromSeconds(ArchiveTimeoutSeconds + ShipEvery.TotalSeconds + shipper.LongestRun.TotalSeconds + 1);
                var since = writer.CommittedAfter(baseBackupDone.AddSeconds(1));
                if (since.Count > 0
                    && since.Count(r => r.CommittedAt < since[^1].CommittedAt - lossBound) >= 20
                    && since[^1].CommittedAt - since[0].CommittedAt >= writingFor + lossBound)
                {
                    break;
                }

                await Task.Delay(200);
            }

            await live.Crash();
            var crashedAt = DateTimeOffset.UtcNow;
            await shipper.StopAsync();
            var acked = await writer.StopAsync();
            Assert.True(acked.Count > 50, $"the writer committed only {acked.Count} rows");
            // Only a run the crash cut short may have failed.
            var failures = shipper.Failures.Where(f => f.EndedAt < crashedAt).Select(f => f.Error).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));

            // The server and its disk are gone: a new, empty one takes its place, and the bucket is all there is.
            rebuilt = await PostgresServer.Start("app", DbPassword, plan.Databases[0].Port);

            var latest = await rig.Restore("database", "db", "--to", "latest", "recovered_latest");
            Assert.True(latest.ExitCode == 0, latest.Output + latest.Error);
            var recovered = (await rebuilt.Rows("SELECT id FROM ticks ORDER BY id", "recovered_latest")).Select(long.Parse).ToList();
            // What was recovered is exactly a prefix of what was committed (a row whose commit was not yet
            // acknowledged when the server died may be in it too, never a gap).
            Assert.Equal(Enumerable.Range(1, recovered.Count).Select(i => (long)i), recovered);
            var lastRecovered = acked.LastOrDefault(r => r.Id <= recovered.Count);
            var lostSeconds = lastRecovered is null ? double.MaxValue : (acked[^1].CommittedAt - lastRecovered.CommittedAt).TotalSeconds;
            var bound = ArchiveTimeoutSeconds + ShipEvery.TotalSeconds + shipper.LongestRun.TotalSeconds + 1;
            Assert.True(lostSeconds <= bound,
                $"lost {lostSeconds:F1} s of commits (the last {acked.Count - recovered.Count} rows; crash at {crashedAt:O}); at most {bound:F1} s may be lost");

            // A chosen instant: exactly the rows committed at or before it, on both sides of one commit.
            // (Rows committed during the base backup lie before the oldest reachable point; the refusal test covers those.)
            var reachable = acked.Where(r => r.CommittedAt > baseBackupDone.AddSeconds(1) && r.Id <= recovered.Count).ToList();
            Assert.True(reachable.Count > 10, $"only {reachable.Count} recovered rows were committed after the base backup");
            var chosen = reachable[Random.Shared.Next(reachable.Count / 4, reachable.Count * 3 / 4)];
            foreach (var (instant, database) in new[] { (chosen.CommittedAt, "recovered_at"), (chosen.CommittedAt.AddTicks(-10), "recovered_before") })
            {
                var text = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                var restore = await rig.Restore("database", "db", "--to", text, database);
                Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
                var rows = (await rebuilt.Rows("SELECT id FROM ticks ORDER BY id", database)).Select(long.Parse).ToList();
                Assert.Equal(acked.Where(r => r.CommittedAt <= instant).Select(r => r.Id), rows);
            }

            Assert.Equal("ok", rig.RestoreRecord()["result"]);
        }
        finally
        {
            await live.DisposeAsync();
            if (rebuilt is not null)
            {
                await rebuilt.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_time_before_the_oldest_base_backup_is_refused_and_a_bad_time_named()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, FreePort.Next(), "app", "app")], [], new RetentionSettings());
        using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = DbPassword });
        var archive = await rig.WalArchive("db");
        var pg = await PostgresServer.Start("app", DbPassword, plan.Databases[0].Port, WalArchiving.ServerArguments(archive, ArchiveTimeoutSeconds));
        try
        {
            await pg.Rows("CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
            var backup = await rig.Backup();
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            var baseTime = (await rig.Snapshots()).Single(s => s.Tags == "kind=base,name=db").Time;

            var early = baseTime.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var refused = await rig.Restore("database", "db", "--to", early, "too_early");
            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));
            Assert.Contains($"refused: --to {early} is before the oldest point 'db' can be recovered to, ", line);
            var oldest = DateTimeOffset.Parse(line.Split(", ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.InRange(oldest, baseTime, baseTime.AddMinutes(1));
            Assert.Empty(await pg.Rows("SELECT datname FROM pg_database WHERE datname = 'too_early'"));

            foreach (var bad in new[] { "yesterday", "2026-13-45T99:00:00Z", "2026-12-02 07:00:00", "" })
            {
                var result = await rig.Restore("database", "db", "--to", bad, "bad_time");
                Assert.Equal(1, result.ExitCode);
                Assert.Equal($"restore FAILED: --to '{bad}' is not an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or 'latest'", result.Error.TrimEnd('\n'));
            }

            var nowhere = await rig.Restore("database", "db", "--to", "latest");
            Assert.Equal(1, nowhere.ExitCode);
            Assert.Contains("say where to recover 'db' to: a new database (<into-database>) or --in-place", nowhere.Error);
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }

    /// <summary>
    /// Issue 13: a time the shipped WAL does not reach (at or after its last transaction) never recovers
    /// less than asked: it is refused, naming that transaction's time to the microsecond and 'latest',
    /// and 'latest' recovers exactly the rows committed up to it.
    /// </summary>
    [SkippableFact]
    public async Task A_time_at_or_after_the_last_shipped_transaction_is_refused_naming_it_and_latest_recovers_to_it()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, FreePort.Next(), "app", "app")], [], new RetentionSettings());
        using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = DbPassword });
        var archive = await rig.WalArchive("db");
        // No autovacuum: its ANALYZE commits transactions of its own, and the last transaction must be the test's.
        var pg = await PostgresServer.Start("app", DbPassword, plan.Databases[0].Port,
            [.. WalArchiving.ServerArguments(archive, archiveTimeoutSeconds: 60), "-c", "track_commit_timestamp=on", "-c", "autovacuum=off"]);
        try
        {
            await pg.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY)");
            var backup = await rig.Backup();
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            var shipped = new List<Committed>();
            for (var i = 0; i < 5; i++)
            {
                shipped.Add(await Commit(pg));
            }

            await pg.Rows("SELECT pg_switch_wal()");
            await ArchivingPostgres.WaitUntilArchived(pg);
            var ship = await rig.ShipWal();
            Assert.True(ship.ExitCode == 0, ship.Output + ship.Error);
            // Committed, but never shipped: the bucket does not know it.
            var unshipped = await Commit(pg);
            var last = Rfc3339(shipped[^1].CommittedAt);

            foreach (var asked in new[] { unshipped.CommittedAt, shipped[^1].CommittedAt, DateTimeOffset.UtcNow.AddHours(1) })
            {
                var refused = await rig.Restore("database", "db", "--to", Rfc3339(asked), "beyond");
                Assert.Equal(1, refused.ExitCode);
                Assert.Equal(
                    $"restore FAILED: refused: --to {Rfc3339(asked)} is at or after the latest point 'db' can be recovered to, {last} (its last transaction in the shipped WAL); '--to latest' recovers to it; nothing was changed",
                    refused.Error.TrimEnd('\n').Split('\n')[^1]);
                Assert.Empty(await pg.Rows("SELECT datname FROM pg_database WHERE datname = 'beyond'"));
                Assert.Equal("failed", rig.RestoreRecord()["result"]);
            }

            var latest = await rig.Restore("database", "db", "--to", "latest", "at_latest");
            Assert.True(latest.ExitCode == 0, latest.Output + latest.Error);
            Assert.Contains($"recovered to latest: the last transaction recovered was committed at {last}", latest.Output);
            Assert.Equal(shipped.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), await pg.Rows("SELECT id FROM ticks ORDER BY id", "at_latest"));

            // Just before it: every shipped row but the last.
            var before = await rig.Restore("database", "db", "--to", Rfc3339(shipped[^1].CommittedAt.AddTicks(-10)), "before_last");
            Assert.True(before.ExitCode == 0, before.Output + before.Error);
            Assert.Equal(shipped[..^1].Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), await pg.Rows("SELECT id FROM ticks ORDER BY id", "before_last"));
            Assert.Equal("ok", rig.RestoreRecord()["result"]);
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Commits one row and reads back its commit time as the server recorded it.</summary>
    private static async Task<Committed> Commit(PostgresServer pg)
    {
        await pg.Rows("INSERT INTO ticks DEFAULT VALUES");
        var fields = (await pg.Rows("SELECT id, to_char(pg_xact_commit_timestamp(xmin) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM ticks ORDER BY id DESC LIMIT 1")).Single().Split('\t');
        return new Committed(long.Parse(fields[0], CultureInfo.InvariantCulture), DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>One committed row: its id and its commit time as the server recorded it (track_commit_timestamp).</summary>
    private sealed record Committed(long Id, DateTimeOffset CommittedAt);

    /// <summary>Commits one row at a time, as fast as a client does, and remembers each acknowledged commit.</summary>
    private sealed class Writer
    {
        private readonly List<Committed> _acked = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public static Writer Start(PostgresServer server)
        {
            var writer = new Writer();
            writer._loop = Task.Run(() => writer.Loop(server));
            return writer;
        }

        public async Task<IReadOnlyList<Committed>> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return _acked;
        }

        /// <summary>The acknowledged rows committed after an instant, so far.</summary>
        public IReadOnlyList<Committed> CommittedAfter(DateTimeOffset instant)
        {
            lock (_acked)
            {
                return _acked.Where(r => r.CommittedAt > instant).ToList();
            }
        }

        private async Task Loop(PostgresServer server)
        {
            while (!_stop.IsCancellationRequested)
            {
                // Two statements, two transactions: the row commits, then its commit time is read back.
                var result = await ProcessRunner.Run(Path.Combine(PostgresServer.Bin, "psql"),
                [
                    "--host=127.0.0.1", $"--port={server.Port}", $"--username={server.User}", "--no-password", $"--dbname={server.User}",
                    "--set=ON_ERROR_STOP=1", "--quiet", "--no-align", "--tuples-only", "--field-separator=\t",
                    "--command", "INSERT INTO ticks DEFAULT VALUES",
                    "--command", "SELECT id, to_char(pg_xact_commit_timestamp(xmin) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM ticks WHERE id = currval('ticks_id_seq')",
                ], new Dictionary<string, string> { ["PGPASSWORD"] = server.Password });
                if (result.ExitCode != 0)
                {
                    return; // the server died under it
                }

                var fields = result.Output.Trim().Split('\t');
                lock (_acked)
                {
                    _acked.Add(new Committed(long.Parse(fields[0], CultureInfo.InvariantCulture), DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    /// <summary>Runs the rendered shipper every interval, as infra-wal-ship.timer does on the server.</summary>
    private sealed class ShipperLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public List<(DateTimeOffset EndedAt, string Error)> Failures { get; } = [];

        public TimeSpan LongestRun { get; private set; }

        public static ShipperLoop Start(BackupRig rig, TimeSpan every)
        {
            var loop = new ShipperLoop();
            loop._loop = Task.Run(() => loop.Loop(rig, every));
            return loop;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public async ValueTask DisposeAsync() => await StopAsync();

        private async Task Loop(BackupRig rig, TimeSpan every)
        {
            while (!_stop.IsCancellationRequested)
            {
                var started = DateTime.UtcNow;
                var run = await rig.ShipWal();
                var took = DateTime.UtcNow - started;
                LongestRun = took > LongestRun ? took : LongestRun;
                if (run.ExitCode != 0)
                {
                    Failures.Add((DateTimeOffset.UtcNow, run.Error));
                }

                try
                {
                    await Task.Delay(every, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
