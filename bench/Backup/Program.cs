using System.Globalization;
using Infra.Bench.Backup;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.TestSupport;

// How the deployed backup (restic: encrypted, deduplicated, compressed) compares with a naive daily
// `tar czf` + upload, on ~1 GiB of mixed files in a real S3 server on 127.0.0.1, and how much a second
// database backup stores after 1% of the rows change. The restic commands are the ones infra-backup
// runs (same flags and tags); forget/prune/check are left out, they are the tests' subject.
// Then point-in-time recovery, K crashes of a server that archives its WAL as the stack's does.
// Usage: Backup [MiB] [days] [crashes]   (defaults 1024, 30 and 3)
//        Backup --pitr [crashes]          point-in-time recovery alone; its summary is the last line
// The databases' superuser password, as the accessory container has it in POSTGRES_PASSWORD.
const string DbPassword = "bench-db-password";
if (args is ["--pitr", ..])
{
    var pitrWork = Directory.CreateTempSubdirectory("infra-bench-pitr-").FullName;
    try
    {
        await using var pitrS3 = await S3Server.Start();
        await PointInTimeRounds(pitrS3, pitrWork, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
    }
    finally
    {
        Directory.Delete(pitrWork, recursive: true);
    }

    return;
}

var mib = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var crashes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
const double DailyChange = 0.01;

var work = Directory.CreateTempSubdirectory("infra-bench-backup-").FullName;
try
{
    await using var s3 = await S3Server.Start();
    var restic = new TimedBash(new Dictionary<string, string>
    {
        ["RESTIC_PASSWORD"] = "bench-password",
        ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretAccessKey,
        ["SSL_CERT_FILE"] = s3.CertificateFile,
        ["RESTIC_CACHE_DIR"] = Path.Combine(work, "cache"),
        ["PATH"] = $"{PostgresServer.Bin}:{Environment.GetEnvironmentVariable("PATH")}",
        ["POSTGRES_PASSWORD"] = DbPassword,
    });
    string Repo(string prefix) => $"-r {s3.Repository(prefix)}";

    // Files, as a backed-up service volume: <root>/<service>-<volume>/_data.
    var volume = new VolumeBackup("bench", "data");
    var volumeFolder = Path.Combine(work, "volumes", volume.Name);
    var data = new MixedData(Path.Combine(volumeFolder, "_data"), files: mib * 2, averageBytes: 512 * 1024, seed: 2026);
    data.Generate();
    Line($"data files={mib * 2} mib={Mib(data.TotalBytes)} kinds=half-random,half-text");

    await restic.Run($"restic {Repo("restic")} init --quiet");
    var backup = $"cd {volumeFolder} && restic {Repo("restic")} backup --quiet --tag {volume.Tags} _data";
    var first = (await restic.Run(backup)).Seconds;
    data.Change(DailyChange);
    var incremental = (await restic.Run(backup)).Seconds;
    var later = new List<double>();
    for (var day = 3; day <= days; day++)
    {
        data.Change(DailyChange);
        later.Add((await restic.Run(backup)).Seconds);
    }

    var stored = s3.StoredBytes("restic");
    var restoreTarget = Path.Combine(work, "restored");
    var restore = (await restic.Run($"restic {Repo("restic")} restore --quiet latest --tag {volume.Tags} --target {restoreTarget}")).Seconds;
    await restic.Run($"diff -rq {volumeFolder}/_data {restoreTarget}/_data");
    Directory.Delete(restoreTarget, recursive: true);
    Line($"restic first_s={S(first)} incremental_s={S(incremental)} later_days_mean_s={S(later.DefaultIfEmpty().Average())} restore_s={S(restore)} stored_mib_after_{days}={Mib(stored)} restore_identical=yes");

    // The naive way: a full compressed archive every day, each one kept.
    var archive = Path.Combine(work, "naive.tar.gz");
    string NaiveBackup(int day) =>
        $"tar czf {archive} -C {volumeFolder} _data && curl -fsS --cacert {s3.CertificateFile} -T {archive} {s3.ObjectUrl($"naive/day-{day}.tar.gz")} -o /dev/null";
    var naive = (await restic.Run(NaiveBackup(1))).Seconds;
    var archiveDay1 = new FileInfo(archive).Length;
    data.Change(DailyChange);
    var naiveNext = (await restic.Run(NaiveBackup(2))).Seconds;
    var archiveDay2 = new FileInfo(archive).Length;
    // Every naive day stores a full archive of about the same size; days 3..N are not re-run.
    var naiveStored = archiveDay1 + (days - 1) * archiveDay2;
    var naiveRestoreTarget = Path.Combine(work, "naive-restored");
    Directory.CreateDirectory(naiveRestoreTarget);
    var naiveRestore = (await restic.Run($"curl -fsS --cacert {s3.CertificateFile} {s3.ObjectUrl("naive/day-2.tar.gz")} | tar xzf - -C {naiveRestoreTarget}")).Seconds;
    Directory.Delete(naiveRestoreTarget, recursive: true);
    Line($"naive first_s={S(naive)} next_day_s={S(naiveNext)} restore_s={S(naiveRestore)} archive_mib={Mib(archiveDay2)} stored_mib_after_{days}={Mib(naiveStored)} (days 3..{days} counted at day 2's archive size)");
    Line($"ratios naive_over_restic first={R(naive / first)} daily={R(naiveNext / incremental)} restore={R(naiveRestore / restore)} stored={R((double)naiveStored / stored)}");

    // A database: the dump infra-backup streams, backed up twice with 1% of the rows changed between.
    await using var postgres = await PostgresServer.Start("bench", DbPassword);
    await postgres.Rows("CREATE DATABASE scattered", "postgres");
    await postgres.Rows(database: "scattered", sql: """
        CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, kind text NOT NULL, amount numeric(12,2) NOT NULL, note text, at timestamptz NOT NULL);
        INSERT INTO events SELECT g, g % 5000, (ARRAY['order','refund','login','invoice'])[1 + g % 4], (g % 100000) / 100.0,
          md5(g::text), timestamptz '2025-01-01' + g * interval '1 minute' FROM generate_series(1, 400000) g;
        """);
    await postgres.Rows("CREATE DATABASE clustered TEMPLATE scattered", "postgres");
    var shares = new Dictionary<string, double>();
    foreach (var (database, change) in new[]
             {
                 ("scattered", "UPDATE events SET amount = amount + 1, note = md5(note) WHERE id % 100 = 37"),
                 ("clustered", "UPDATE events SET amount = amount + 1, note = md5(note) WHERE id BETWEEN 200001 AND 204000"),
             })
    {
        var dump = DatabaseCommands.Dump(new DatabaseBackup(database, AccessoryKind.Postgres, postgres.Port, database, postgres.User));
        var dbBackup = $"{dump} | restic {Repo(database)} backup --quiet --stdin --stdin-filename {database}.sql --tag kind=database,name={database}";
        await restic.Run($"restic {Repo(database)} init --quiet");
        var empty = s3.StoredBytes(database);
        await restic.Run(dbBackup);
        var firstStored = s3.StoredBytes(database) - empty;
        await postgres.Rows(change, database);
        var before = s3.StoredBytes(database);
        await restic.Run(dbBackup);
        var added = s3.StoredBytes(database) - before;
        var dumpBytes = long.Parse((await restic.Run($"{dump} | wc -c")).Output.Trim(), CultureInfo.InvariantCulture);
        shares[database] = (double)added / dumpBytes;
        Line($"database rows=400000 changed=1% pattern={database} dump_mib={Mib(dumpBytes)} first_backup_stored_mib={Mib(firstStored)} second_backup_stored_mib={Mib(added)} share={R(shares[database])}");
    }

    await PointInTimeRounds(s3, work, crashes);

    Line($"backup first_s={S(first)} incremental_s={S(incremental)} restore_s={S(restore)} stored_mib_after_{days}={Mib(stored)} naive_s={S(naive)} naive_stored_mib_after_{days}={Mib(naiveStored)} db_incremental_share={R(shares["scattered"])}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

// K crashes of a server that archives its WAL as the stack's does; one line each, then the summary.
static async Task PointInTimeRounds(S3Server s3, string work, int crashes)
{
    var pitr = new PointInTimeRecovery(s3, work, DbPassword);
    var pitrPort = FreePort.Next();
    var rounds = new List<PointInTimeRecovery.Crash>();
    for (var round = 1; round <= crashes; round++)
    {
        var crash = await pitr.Run(round, pitrPort);
        rounds.Add(crash);
        Line($"pitr crash={round} wrote_s={S(crash.RanSeconds)} rows={crash.Rows} lost_rows={crash.LostRows} lost_s={S(crash.LostSeconds)} restore_s={S(crash.RestoreSeconds)} exact={(crash.Exact ? "yes" : "no")}");
    }

    Line($"pitr rpo_s={S(rounds.Max(r => r.LostSeconds))} restore_s={S(rounds.Max(r => r.RestoreSeconds))} exact={(rounds.All(r => r.Exact) ? "yes" : "no")} wal_mib_per_day={rounds.Average(r => r.WalMibPerDay).ToString("F0", CultureInfo.InvariantCulture)}");
}

static void Line(string text) => Console.WriteLine(text);

static string S(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture);

static string R(double ratio) => ratio.ToString("F3", CultureInfo.InvariantCulture);

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
