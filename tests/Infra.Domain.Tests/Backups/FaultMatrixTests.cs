using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// The fault matrix: a backup, a PostgreSQL restore, a MariaDB restore, a volume restore and the slot
/// switch (<see cref="SwitchFaults"/>, against real HAProxy), each
/// stopped for real at every phase (before, during transfer, during apply, during record) with the
/// signals systemd and terminals send (SIGTERM to the process group, then SIGKILL for a unit's
/// timeout), a stream cut by a dying restic, a full file system and a lock held by an application's
/// open transaction. After every fault: the live data is the old state or the new one, never a mix;
/// no snapshot was lost; the failure was loud (stderr) and recorded (last-status / last-restore);
/// and the next run succeeds by itself. Prints <c>faults tried=N survived=S data_lost=0</c>.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "postgres")]
[Trait(RequiresProgram.Trait, "mariadbd")]
[Trait(RequiresProgram.Trait, "mariadb-dump")]
[Trait(RequiresProgram.Trait, "mount")]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private const string PgPassword = "pg-s3cret";
    private const string MariaPassword = "maria-s3cret";

    /// <summary>Where the summary line is also written, for notes to quote.</summary>
    public static string SummaryFile => Path.Combine(Path.GetTempPath(), "infra-fault-matrix.txt");

    private const string PgSchema = """
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
        CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric(12,2) NOT NULL, note text NOT NULL);
        INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g;
        INSERT INTO orders (customer_id, total, note) SELECT 1 + g % 1000, g * 1.25, repeat(md5(g::text), 2) FROM generate_series(1, 120000) g;
        """;

    private const string PgChange = "DELETE FROM orders WHERE id % 3 = 0; UPDATE customers SET name = 'changed ' || id";

    private const string PgFingerprint = """
        SELECT (SELECT count(*) || ':' || md5(string_agg(c::text, ',' ORDER BY id)) FROM customers c) || ' ' ||
               (SELECT count(*) || ':' || md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o) || ' constraints=' ||
               (SELECT count(*) FROM pg_constraint WHERE contype IN ('p', 'f') AND connamespace = 'public'::regnamespace)
        """;

    private const string MariaSchema = """
        CREATE DATABASE gallery;
        USE gallery;
        CREATE TABLE albums (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL) ENGINE=InnoDB;
        CREATE TABLE photos (id BIGINT AUTO_INCREMENT PRIMARY KEY, album_id INT NOT NULL, caption VARCHAR(300), size_bytes BIGINT NOT NULL,
          FOREIGN KEY (album_id) REFERENCES albums(id)) ENGINE=InnoDB;
        INSERT INTO albums SELECT seq, CONCAT('album ', seq) FROM seq_1_to_200;
        INSERT INTO photos (album_id, caption, size_bytes) SELECT 1 + seq % 200, CONCAT('photo ', seq, ' ', REPEAT(MD5(seq), 2)), seq * 1024 FROM seq_1_to_60000;
        """;

    private const string MariaChange = "DELETE FROM gallery.photos WHERE id % 3 = 0; UPDATE gallery.albums SET title = CONCAT('changed ', id)";

    private const string MariaFingerprint = """
        SELECT CONCAT((SELECT COUNT(*) FROM gallery.albums), ':', (SELECT SUM(CRC32(CONCAT_WS('|', id, title))) FROM gallery.albums), ' ',
                      (SELECT COUNT(*) FROM gallery.photos), ':', (SELECT SUM(CRC32(CONCAT_WS('|', id, album_id, caption, size_bytes))) FROM gallery.photos),
                      ' tables=', (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'gallery'))
        """;

    private readonly List<(string Operation, string Phase, string How, List<string> Problems)> _faults = [];

    [SkippableFact]
    public async Task Every_phase_of_every_operation_survives_a_fault()
    {
        var restic = RequiresProgram.Program("restic");
        var psql = RequiresProgram.Program("psql", PostgresServer.Bin);
        var mariadb = RequiresProgram.Program("mariadb");
        RequiresProgram.Program("mariadb-dump");
        var mv = RequiresProgram.Program("mv");
        await using var s3 = await S3Server.Start();
        await using var pg = await PostgresServer.Start("app", PgPassword);
        await using var maria = await MariaDbServer.Start(MariaPassword);
        var plan = new BackupPlan("test",
            [new DatabaseBackup("db", AccessoryKind.Postgres, pg.Port, "app", "app"), new DatabaseBackup("shop", AccessoryKind.Mariadb, maria.Port, "gallery", "gallery")],
            [new VolumeBackup("web", "uploads")],
            new RetentionSettings { Daily = 30, Weekly = 0, Monthly = 0 });
        using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = PgPassword, ["MARIADB_ROOT_PASSWORD"] = MariaPassword });
        await pg.Rows(PgSchema);
        await maria.Rows(MariaSchema);
        var volume = rig.VolumeData("web-uploads");
        WriteVolume(volume);

        var first = await rig.Backup();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var pgNew = await PgState(pg);
        var mariaNew = await MariaState(maria);
        Assert.DoesNotContain("error", pgNew + mariaNew);
        var volumeNew = FileTree.Describe(volume);

        // Backup: the live data stays as it is; what must hold is the repository and the status.
        async Task BackupFault(string phase, string how, string signal, Func<FaultPoint> install)
        {
            var problems = new List<string>();
            var before = await rig.Snapshots();
            var point = install();
            await using (var run = rig.Start("infra-backup"))
            {
                await point.WaitUntilReached(run);
                await run.SignalGroup(signal);
                var result = await run.Wait();
                Check(problems, result.ExitCode != 0, $"exit {result.ExitCode}");
                var status = rig.Status();
                if (signal == "TERM")
                {
                    Check(problems, status["result"] == "interrupted", $"last-status says {status["result"]}: {status["message"]}");
                    Check(problems, result.Error.Contains("backup INTERRUPTED by SIGTERM", StringComparison.Ordinal), $"no INTERRUPTED on stderr: {result.Error}");
                }
                else
                {
                    // Killed outright: nothing could be recorded, but never the last run's ok.
                    Check(problems, status["result"] == "running" && status["pid"] == run.ProcessGroup.ToString(), $"last-status says {status["result"]}");
                }
            }

            rig.RemoveProgram(point.Program);
            await CheckSnapshotsKept(rig, before, problems);
            Check(problems, await PgState(pg) == pgNew && await MariaState(maria) == mariaNew && FileTree.Describe(volume).SequenceEqual(volumeNew), "DATA: a backup changed the live data");
            var next = await rig.Backup();
            Check(problems, next.ExitCode == 0 && rig.Status()["result"] == "ok", $"the next backup failed: {next.Error}");
            await CheckSnapshotsKept(rig, before, problems);
            Record("backup", phase, how, problems);
        }

        await BackupFault("before", "SIGTERM to the group while it opens the repository", "TERM",
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == cat ]]""", FaultPoint.Pause));
        await BackupFault("transfer", "SIGTERM to the group mid-dump (3 MB streamed)", "TERM",
            () => FaultPoint.Install(rig, "pg_dump", Path.Combine(PostgresServer.Bin, "pg_dump"), "true", FaultPoint.StallAfter(3_000_000)));
        await BackupFault("transfer", "SIGKILL to the group mid-dump (a unit's timeout)", "KILL",
            () => FaultPoint.Install(rig, "pg_dump", Path.Combine(PostgresServer.Bin, "pg_dump"), "true", FaultPoint.StallAfter(3_000_000)));
        await BackupFault("apply", "SIGKILL to the group while forget/prune holds the repository's lock", "KILL",
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == forget ]]""", FaultPoint.FreezeWhen($"""[ -n "$(find {rig.RepositoryDirectory}/locks -type f 2>/dev/null)" ]""")));
        await BackupFault("record", "SIGTERM to the group while it writes last-status", "TERM",
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$*" == *last-status ]] && grep -qx result=ok "$2" """, FaultPoint.Pause));

        // Restores: the snapshot holds the "new" state; the live data is changed to the "old" one first.
        async Task RestoreFault(string operation, string phase, string how, string signal, string[] arguments, Func<Task> makeOld, Func<Task<object>> state, object oldState, object newState,
            Func<FaultPoint?> install, bool appliedBeforeFault = false, Func<ScriptRun, Task>? whenReached = null, string[]? nextRun = null, Func<Task>? afterFault = null)
        {
            var problems = new List<string>();
            await makeOld();
            var before = await rig.Snapshots();
            var point = install();
            await using (var run = rig.Start("infra-restore", arguments))
            {
                if (point is not null)
                {
                    await point.WaitUntilReached(run);
                }

                if (whenReached is not null)
                {
                    await whenReached(run);
                }

                if (signal != "")
                {
                    await run.SignalGroup(signal);
                }

                var result = await run.Wait();
                Check(problems, result.ExitCode != 0, $"exit {result.ExitCode}");
                Check(problems, result.Error.Contains("restore FAILED", StringComparison.Ordinal) || result.Error.Contains("restore INTERRUPTED", StringComparison.Ordinal) || signal == "KILL",
                    $"nothing loud on stderr: {result.Error}");
                var record = rig.RestoreRecord();
                Check(problems, record["result"] != "ok", "last-restore says ok");
                if (signal == "TERM")
                {
                    Check(problems, record["result"] == "interrupted", $"last-restore says {record["result"]}: {record["message"]}");
                }
            }

            if (point is not null)
            {
                rig.RemoveProgram(point.Program);
            }

            if (afterFault is not null)
            {
                await afterFault();
            }

            if (nextRun is not null)
            {
                // Killed outright, the restore could not clean up: the next run of the script, whatever it does, undoes it.
                var recovery = await rig.Restore(nextRun);
                Check(problems, recovery.ExitCode == 0, $"the next run failed: {recovery.Error}");
            }

            var now = await state();
            var expected = appliedBeforeFault ? newState : oldState;
            Check(problems, now.Equals(expected), $"DATA: {operation} left {(now.Equals(newState) ? "the new state" : now.Equals(oldState) ? "the old state" : "a mix")} where {(appliedBeforeFault ? "the new" : "the old")} was expected");
            await CheckSnapshotsKept(rig, before, problems);
            var next = await rig.Restore(arguments);
            Check(problems, next.ExitCode == 0 && rig.RestoreRecord()["result"] == "ok", $"the next restore failed: {next.Error}");
            Check(problems, (await state()).Equals(newState), "DATA: the next restore did not bring the snapshot back");
            Record(operation, phase, how, problems);
        }

        // PostgreSQL
        async Task PgOld() => await pg.Rows(PgChange);
        var pgOld = await PgStateAfter(pg, PgChange);
        async Task<object> PgNow() => await PgState(pg);
        string[] pgRestore = ["database", "db"];
        async Task PgSessionsGone()
        {
            // The server ends a dead client's session within a few seconds (client_connection_check_interval).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await pg.Rows($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{DatabaseCommands.RestoreApplicationName}'", "postgres"))[0] != "0")
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("a restore's server session outlived its client by a minute");
                }

                await Task.Delay(200);
            }
        }

        await RestoreFault("postgres-restore", "before", "SIGTERM while it looks up the snapshot", "TERM", pgRestore, PgOld, PgNow, pgOld, pgNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == snapshots ]]""", FaultPoint.Pause));
        await RestoreFault("postgres-restore", "transfer", "SIGTERM to the group mid-stream (3 MB loaded)", "TERM", pgRestore, PgOld, PgNow, pgOld, pgNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == dump ]]""", FaultPoint.StallAfter(3_000_000)), afterFault: PgSessionsGone);
        await RestoreFault("postgres-restore", "transfer", "restic dump dies mid-line (exit 137), the script lives", "", pgRestore, PgOld, PgNow, pgOld, pgNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == dump ]]""", FaultPoint.CutAfter(3_000_001, 137)));
        await RestoreFault("postgres-restore", "transfer", "the stream is cut but restic dump exits 0", "", pgRestore, PgOld, PgNow, pgOld, pgNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == dump ]]""", FaultPoint.CutAfter(5_000_000, 0)));

        // An application's open transaction holds a lock the restore needs.
        LockHolder? blocking = null;
        async Task HoldLock()
        {
            await PgOld();
            blocking = await LockHolder.Start(pg, "orders");
        }

        async Task ReleaseLock()
        {
            await PgSessionsGone();
            await blocking!.DisposeAsync();
        }

        rig.Settings["RESTORE_LOCK_TIMEOUT"] = "2s";
        await RestoreFault("postgres-restore", "apply", "a lock held by an open transaction outlasts RESTORE_LOCK_TIMEOUT", "", pgRestore, HoldLock, PgNow, pgOld, pgNew,
            () => null, afterFault: async () =>
            {
                rig.Settings.Remove("RESTORE_LOCK_TIMEOUT");
                await ReleaseLock();
            });
        await RestoreFault("postgres-restore", "apply", "SIGKILL to the group while it waits for an application's lock", "KILL", pgRestore, HoldLock, PgNow, pgOld, pgNew,
            () => null, whenReached: run => WaitForLockWait(pg, run), afterFault: ReleaseLock);

        await RestoreFault("postgres-restore", "record", "SIGTERM while it writes last-restore", "TERM", pgRestore, PgOld, PgNow, pgOld, pgNew,
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$*" == *last-restore ]] && grep -qx result=ok "$2" """, FaultPoint.Pause), appliedBeforeFault: true);

        // MariaDB
        async Task MariaOld() => await maria.Rows(MariaChange);
        var mariaOld = await MariaStateAfter(maria, MariaChange);
        async Task<object> MariaNow() => await MariaState(maria);
        string[] mariaRestore = ["database", "shop"];
        await RestoreFault("mariadb-restore", "before", "SIGTERM while it looks up the snapshot", "TERM", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == snapshots ]]""", FaultPoint.Pause));
        await RestoreFault("mariadb-restore", "transfer", "SIGTERM to the group mid-stream (2 MB staged)", "TERM", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == dump ]]""", FaultPoint.StallAfter(2_000_000)));
        await using (var small = await SmallFileSystem.Mount("1m"))
        {
            rig.Settings["BACKUP_RESTORE_DIR"] = small.Path;
            await RestoreFault("mariadb-restore", "transfer", "the staging file system fills up (1 MiB tmpfs)", "", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew, () => null,
                afterFault: () =>
                {
                    rig.Settings.Remove("BACKUP_RESTORE_DIR");
                    return Task.CompletedTask;
                });
        }

        const string mariaLoad = """[[ "$*" != *--batch* ]]""";
        await RestoreFault("mariadb-restore", "apply", "SIGTERM to the group mid-load (1.5 MB applied)", "TERM", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew,
            () => FaultPoint.Install(rig, "mariadb", mariadb, mariaLoad, FaultPoint.InputStallsAfter(1_500_000)));
        await RestoreFault("mariadb-restore", "apply", "SIGKILL to the group mid-load; the next run (list) undoes it", "KILL", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew,
            () => FaultPoint.Install(rig, "mariadb", mariadb, mariaLoad, FaultPoint.InputStallsAfter(1_500_000)), nextRun: ["list"]);
        await RestoreFault("mariadb-restore", "record", "SIGTERM while it writes last-restore", "TERM", mariaRestore, MariaOld, MariaNow, mariaOld, mariaNew,
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$*" == *last-restore ]] && grep -qx result=ok "$2" """, FaultPoint.Pause), appliedBeforeFault: true);

        // Volume
        Task VolumeOld()
        {
            ChangeVolume(volume);
            return Task.CompletedTask;
        }

        var volumeOld = await ChangedCopy(volume, rig);
        Task<object> VolumeNow() => Task.FromResult<object>(new TreeState(Directory.Exists(volume) ? FileTree.Describe(volume) : ["<missing>"]));
        var volumeOldState = new TreeState(volumeOld);
        var volumeNewState = new TreeState(volumeNew);
        string[] volumeRestore = ["volume", "web-uploads"];
        await RestoreFault("volume-restore", "before", "SIGTERM while it looks up the snapshot", "TERM", volumeRestore, VolumeOld, VolumeNow, volumeOldState, volumeNewState,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == snapshots ]]""", FaultPoint.Pause));
        await RestoreFault("volume-restore", "transfer", "SIGTERM to the group while restic restore writes the staging folder", "TERM", volumeRestore, VolumeOld, VolumeNow, volumeOldState, volumeNewState,
            () => FaultPoint.Install(rig, "restic", restic, """[[ "$1" == restore ]]""",
                FaultPoint.FreezeWhen($"""[ -n "$(find {Path.GetDirectoryName(volume)} -path '*/.restoring-*' -type f -print -quit)" ]""")));
        await RestoreFault("volume-restore", "apply", "SIGTERM between moving the old data aside and the new data in", "TERM", volumeRestore, VolumeOld, VolumeNow, volumeOldState, volumeNewState,
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$1" == */.restoring-*/_data ]]""", FaultPoint.Pause));
        await RestoreFault("volume-restore", "apply", "SIGKILL between the two renames; the next run (list) undoes it", "KILL", volumeRestore, VolumeOld, VolumeNow, volumeOldState, volumeNewState,
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$1" == */.restoring-*/_data ]]""", FaultPoint.Pause), nextRun: ["list"]);
        await RestoreFault("volume-restore", "record", "SIGTERM while it writes last-restore", "TERM", volumeRestore, VolumeOld, VolumeNow, volumeOldState, volumeNewState,
            () => FaultPoint.Install(rig, "mv", mv, """[[ "$*" == *last-restore ]] && grep -qx result=ok "$2" """, FaultPoint.Pause), appliedBeforeFault: true);

        // The volume on a file system too small for the snapshot: restic restore fails with ENOSPC.
        await using (var small = await SmallFileSystem.Mount("12m"))
        {
            var target = Path.Combine(small.Path, "uploads");
            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, "live.txt"), "live data on a small disk\n");
            var smallLive = new TreeState(FileTree.Describe(target));
            var problems = new List<string>();
            var full = await rig.Restore("volume", "web-uploads", "latest", target);
            Check(problems, full.ExitCode != 0 && full.Error.Contains("restore FAILED: restic could not restore snapshot", StringComparison.Ordinal), $"not loud: {full.Error}");
            Check(problems, rig.RestoreRecord()["result"] == "failed", "last-restore does not say failed");
            Check(problems, new TreeState(FileTree.Describe(target)).Equals(smallLive), "DATA: the live folder changed");
            Check(problems, Directory.GetFileSystemEntries(small.Path).Length == 1, "a staging folder was left behind");
            Record("volume-restore", "transfer", "the target's file system fills up (12 MiB tmpfs)", problems);
        }

        await SwitchFaults.Run(Record);

        var survived = _faults.Count(f => f.Problems.Count == 0);
        var lost = _faults.Count(f => f.Problems.Any(p => p.StartsWith("DATA:", StringComparison.Ordinal)));
        var operations = string.Join(",", _faults.Select(f => f.Operation).Distinct());
        var phases = string.Join(",", _faults.Select(f => f.Phase).Distinct());
        var summary = $"faults tried={_faults.Count} survived={survived} data_lost={lost} operations={operations} phases={phases}";
        foreach (var fault in _faults)
        {
            output.WriteLine($"fault operation={fault.Operation} phase={fault.Phase} {(fault.Problems.Count == 0 ? "survived" : "FAILED")}: {fault.How}{string.Concat(fault.Problems.Select(p => "\n    " + p))}");
        }

        output.WriteLine(summary);
        Console.WriteLine(summary);
        await File.WriteAllLinesAsync(SummaryFile, _faults.Select(f => $"fault operation={f.Operation} phase={f.Phase} {(f.Problems.Count == 0 ? "survived" : "FAILED")}: {f.How}").Append(summary));

        Assert.Equal(["backup", "postgres-restore", "mariadb-restore", "volume-restore", "switch"], _faults.Select(f => f.Operation).Distinct());
        Assert.All(_faults.GroupBy(f => f.Operation), g => Assert.Equal(["apply", "before", "record", "transfer"], g.Select(f => f.Phase).Distinct().Order()));
        Assert.True(survived == _faults.Count, string.Join("\n", _faults.Where(f => f.Problems.Count > 0).Select(f => $"{f.Operation}/{f.Phase} ({f.How}): {string.Join("; ", f.Problems)}")));
        Assert.Equal(0, lost);
    }

    private void Record(string operation, string phase, string how, List<string> problems) => _faults.Add((operation, phase, how, problems));

    private static void Check(List<string> problems, bool holds, string problem)
    {
        if (!holds)
        {
            problems.Add(problem);
        }
    }

    /// <summary>
    /// Nothing was lost: each item's newest snapshot from before is still there or a newer one took its
    /// place (retention keeps one a day, so a later run on the same day rightly forgets the earlier one),
    /// and every database snapshot that appeared holds a complete dump.
    /// </summary>
    private static async Task CheckSnapshotsKept(BackupRig rig, IReadOnlyList<ResticSnapshot> before, List<string> problems)
    {
        var now = await rig.Snapshots();
        foreach (var item in before.GroupBy(s => s.Tags))
        {
            var newest = item.MaxBy(s => s.Time)!;
            Check(problems, now.Any(s => s.Tags == item.Key && s.Time >= newest.Time), $"DATA: the newest snapshot of {item.Key} was lost");
        }

        foreach (var snapshot in now.Where(s => s.Tags.StartsWith("kind=database", StringComparison.Ordinal) && before.All(b => b.Id != s.Id)))
        {
            var name = snapshot.Tags.Split("name=")[1];
            var marker = name == "db" ? DatabaseCommands.EndMarker(AccessoryKind.Postgres) : DatabaseCommands.EndMarker(AccessoryKind.Mariadb);
            var tail = await rig.Shell($"restic dump --no-lock {snapshot.Id} /{name}.sql | tail -c 4000 | grep -c -- '{marker}'");
            Check(problems, tail.Output.Trim() == "1", $"DATA: snapshot {snapshot.Id[..8]} of {name} holds an incomplete dump");
        }
    }

    private static async Task WaitForLockWait(PostgresServer pg, ScriptRun run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await pg.Rows($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{DatabaseCommands.RestoreApplicationName}' AND wait_event_type = 'Lock'", "postgres"))[0] == "0")
        {
            if (run.HasExited || DateTime.UtcNow > deadline)
            {
                var result = await run.Wait();
                throw new InvalidOperationException($"the restore never waited for the application's lock:\n{result.Output}{result.Error}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> PgState(PostgresServer pg)
    {
        var result = await pg.Sql(PgFingerprint);
        return result.ExitCode == 0 ? result.Output.Trim() : "error: " + result.Error.Trim();
    }

    // The state the change makes of the backed-up one, worked out in a copy of the database.
    private static async Task<string> PgStateAfter(PostgresServer pg, string change)
    {
        await pg.Rows("CREATE DATABASE fingerprint TEMPLATE app", "postgres");
        await pg.Rows(change, "fingerprint");
        var result = (await pg.Rows(PgFingerprint, "fingerprint"))[0];
        await pg.Rows("DROP DATABASE fingerprint", "postgres");
        return result;
    }

    private static async Task<string> MariaState(MariaDbServer maria)
    {
        var result = await maria.Sql(MariaFingerprint);
        return result.ExitCode == 0 ? result.Output.Trim() : "error: " + result.Error.Trim();
    }

    private static async Task<string> MariaStateAfter(MariaDbServer maria, string change)
    {
        await maria.Rows("CREATE DATABASE fingerprint_copy; CREATE TABLE fingerprint_copy.albums AS SELECT * FROM gallery.albums; CREATE TABLE fingerprint_copy.photos AS SELECT * FROM gallery.photos");
        await maria.Rows(change);
        var result = await MariaState(maria);
        await maria.Rows("DELETE FROM gallery.photos; DELETE FROM gallery.albums; INSERT INTO gallery.albums SELECT * FROM fingerprint_copy.albums; INSERT INTO gallery.photos SELECT * FROM fingerprint_copy.photos; DROP DATABASE fingerprint_copy");
        return result;
    }

    private static void WriteVolume(string root)
    {
        FileTree.Write(root);
        Directory.CreateDirectory(Path.Combine(root, "large"));
        for (var i = 0; i < 12; i++)
        {
            File.WriteAllBytes(Path.Combine(root, "large", $"part-{i}.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_000_000));
        }
    }

    private static void ChangeVolume(string root)
    {
        File.Delete(Path.Combine(root, "readme.txt"));
        File.WriteAllText(Path.Combine(root, "images", "zeros.raw"), "overwritten");
        File.WriteAllText(Path.Combine(root, "new.txt"), "added after the backup");
    }

    // The description of the changed volume, worked out on a copy (cp -a keeps the modes).
    private static async Task<IReadOnlyList<string>> ChangedCopy(string volume, BackupRig rig)
    {
        var copy = Path.Combine(rig.Dir("copies"), "changed");
        var copied = await ProcessRunner.Run("cp", ["-a", volume, copy]);
        Assert.True(copied.ExitCode == 0, copied.Error);
        ChangeVolume(copy);
        var described = FileTree.Describe(copy);
        Directory.Delete(copy, recursive: true);
        return described;
    }

    private sealed record TreeState(IReadOnlyList<string> Lines)
    {
        public bool Equals(TreeState? other) => other is not null && Lines.SequenceEqual(other.Lines);

        public override int GetHashCode() => Lines.Count;
    }
}
