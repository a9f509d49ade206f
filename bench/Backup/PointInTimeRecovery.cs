using System.Diagnostics;
using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Settings;

namespace Infra.Bench.Backup;

/// <summary>
/// Point-in-time recovery with the stack's own settings (archive_timeout, the shipper's interval) and
/// its rendered scripts, against the bench's S3 server: K times, a writer commits rows one by one, a
/// base backup is taken, the server is killed with SIGKILL at a random moment, and a fresh server is
/// recovered to latest (what was lost, how long it took) and to a chosen commit (exactly the rows
/// committed at or before it?). The shipped WAL's growth per second of writing gives MiB per day.
/// </summary>
public sealed class PointInTimeRecovery(S3rver s3, string work)
{
    private const string Password = "bench-password";

    public sealed record Crash(int Rows, int LostRows, double LostSeconds, double RestoreSeconds, bool Exact, double WalMibPerDay, double RanSeconds);

    public Crash Run(int round, int port)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, $"pitr-{round}")).FullName;
        var plan = new BackupPlan("bench", [new DatabaseBackup("db", AccessoryKind.Postgres, port, "app", "bench")], [], new RetentionSettings());
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        Write(Path.Combine(bin, BackupScript.Name), BackupScript.Render(plan));
        Write(Path.Combine(bin, RestoreScript.Name), RestoreScript.Render(plan));
        Write(Path.Combine(bin, WalShipScript.Name), WalShipScript.Render(plan));
        var repository = $"s3:https://127.0.0.1:{s3.Port}/{S3rver.Bucket}/pitr-{round}";
        File.WriteAllText(Path.Combine(folder, "env"), BackupEnvironmentFile.Render(new BackupEnvironment(repository, Password, "S3RVER", "S3RVER")));
        var archive = Path.Combine(folder, "volumes", new Infra.Domain.Hosting.DockerNames("bench").Prefix + WalArchiving.VolumeName("db"), "_data");
        Directory.CreateDirectory(archive);
        var shell = new Shell(new Dictionary<string, string>
        {
            ["BACKUP_ENV_FILE"] = Path.Combine(folder, "env"),
            ["BACKUP_ACCESSORIES"] = "local",
            ["BACKUP_VOLUMES_ROOT"] = Path.Combine(folder, "volumes"),
            ["BACKUP_STATE_DIR"] = Path.Combine(folder, "state"),
            ["RESTIC_CACHE_DIR"] = Path.Combine(work, "cache"),
            ["SSL_CERT_FILE"] = s3.Certificate,
            ["TZ"] = "UTC",
            ["PATH"] = $"{Postgres.Bin}:{Environment.GetEnvironmentVariable("PATH")}",
        });
        shell.Run($"chmod 0711 {work} {folder} {folder}/volumes {Path.GetDirectoryName(archive)} && chown postgres {archive}");
        shell.Run($"{bin}/infra-backup init >/dev/null");

        var live = new Postgres(port, [.. WalArchiving.ServerArguments(archive), "-c", "track_commit_timestamp=on"]);
        live.Sql("postgres", "CREATE DATABASE app");
        live.Sql("app", "CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        using var stopShipping = new CancellationTokenSource();
        var shipper = Task.Run(async () =>
        {
            while (!stopShipping.IsCancellationRequested)
            {
                try
                {
                    shell.Run($"{bin}/{WalShipScript.Name} >/dev/null 2>&1");
                }
                catch (InvalidOperationException)
                {
                    // A run the crash cut short; the others are what the timer would do.
                }

                await Task.Delay(TimeSpan.FromSeconds(WalArchiving.ShipEverySeconds), stopShipping.Token).ContinueWith(_ => { });
            }
        });
        var acked = new List<(long Id, DateTimeOffset At)>();
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(() => Write(port, acked, stopWriting.Token));
        Thread.Sleep(2000);
        shell.Run($"{bin}/infra-backup >/dev/null");
        var baseEnded = DateTimeOffset.UtcNow;
        var afterBase = s3.StoredBytes($"pitr-{round}");
        var baseDone = Stopwatch.StartNew();

        Thread.Sleep(TimeSpan.FromSeconds(40 + Random.Shared.Next(50)));
        live.Crash();
        var ran = baseDone.Elapsed.TotalSeconds;
        stopWriting.Cancel();
        writer.Wait();
        stopShipping.Cancel();
        shipper.Wait();
        var walBytes = s3.StoredBytes($"pitr-{round}") - afterBase;
        live.Dispose();

        using var rebuilt = new Postgres(port);
        rebuilt.Sql("postgres", "CREATE DATABASE app");
        var restore = shell.Run($"{bin}/infra-restore database db --to latest recovered >/dev/null").Seconds;
        var recovered = Ids(rebuilt, "recovered");
        var lastRecovered = acked.LastOrDefault(r => r.Id <= recovered.Count);
        var lostSeconds = lastRecovered.Id == 0 ? ran : (acked[^1].At - lastRecovered.At).TotalSeconds;
        var lostRows = acked.Count(r => r.Id > recovered.Count);

        // A commit after the base backup ended (one during it lies before the oldest reachable point).
        var reachable = acked.Where(r => r.At > baseEnded.AddSeconds(1) && r.Id <= recovered.Count).ToList();
        var chosen = reachable[Random.Shared.Next(reachable.Count / 4, reachable.Count * 3 / 4)];
        shell.Run($"{bin}/infra-restore database db --to {chosen.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)} at_chosen >/dev/null");
        var exact = Ids(rebuilt, "at_chosen").SequenceEqual(acked.Where(r => r.At <= chosen.At).Select(r => r.Id))
            && recovered.SequenceEqual(Enumerable.Range(1, recovered.Count).Select(i => (long)i));
        return new Crash(acked.Count, lostRows, lostSeconds, restore, exact, walBytes / ran * 86400 / 1048576, ran);
    }

    private static List<long> Ids(Postgres server, string database) =>
        server.Sql(database, "SELECT id FROM ticks ORDER BY id").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();

    // One row per transaction, then its commit time as the server recorded it; stops when the server dies.
    private static void Write(int port, List<(long Id, DateTimeOffset At)> acked, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var start = new ProcessStartInfo($"{Postgres.Bin}/psql") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         "--host=127.0.0.1", $"--port={port}", "--username=bench", "--dbname=app", "--quiet", "--no-align", "--tuples-only", "--field-separator=\t",
                         "--set=ON_ERROR_STOP=1", "--command", "INSERT INTO ticks DEFAULT VALUES",
                         "--command", "SELECT id, to_char(pg_xact_commit_timestamp(xmin) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM ticks WHERE id = currval('ticks_id_seq')",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var psql = Process.Start(start)!;
            var output = psql.StandardOutput.ReadToEnd();
            psql.WaitForExit();
            if (psql.ExitCode != 0)
            {
                return;
            }

            var fields = output.Trim().Split('\t');
            acked.Add((long.Parse(fields[0], CultureInfo.InvariantCulture), DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture)));
        }
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
