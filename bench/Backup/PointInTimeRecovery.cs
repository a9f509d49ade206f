using System.Diagnostics;
using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.TestSupport;

namespace Infra.Bench.Backup;

/// <summary>
/// Point-in-time recovery with the stack's own settings (archive_timeout, the shipper's interval) and
/// its rendered scripts, against the bench's S3 server: K times, a writer commits rows one by one, a
/// base backup is taken, the server is killed with SIGKILL at a random moment, and a fresh server is
/// recovered to latest (what was lost, how long it took) and to a chosen commit (exactly the rows
/// committed at or before it?). The shipped WAL's growth per second of writing gives MiB per day.
/// </summary>
/// <param name="dbPassword">The superuser's password, as the accessory container has it in POSTGRES_PASSWORD.</param>
public sealed class PointInTimeRecovery(S3Server s3, string work, string dbPassword)
{
    private const string Password = "bench-password";

    private const string User = "bench";

    public sealed record Crash(int Rows, int LostRows, double LostSeconds, double RestoreSeconds, bool Exact, double WalMibPerDay, double RanSeconds);

    public async Task<Crash> Run(int round, int port)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, $"pitr-{round}")).FullName;
        var plan = new BackupPlan("bench", [new DatabaseBackup("db", AccessoryKind.Postgres, port, "app", User)], [], new RetentionSettings());
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        Write(Path.Combine(bin, BackupScript.Name), BackupScript.Render(plan));
        Write(Path.Combine(bin, RestoreScript.Name), RestoreScript.Render(plan));
        Write(Path.Combine(bin, WalShipScript.Name), WalShipScript.Render(plan));
        var repository = s3.Repository($"pitr-{round}");
        File.WriteAllText(Path.Combine(folder, "env"), BackupEnvironmentFile.Render(new BackupEnvironment(repository, Password, S3Server.AccessKeyId, S3Server.SecretAccessKey)));
        var archive = Path.Combine(folder, "volumes", new Infra.Domain.Hosting.DockerNames("bench").Prefix + WalArchiving.VolumeName("db"), "_data");
        Directory.CreateDirectory(archive);
        var shell = new TimedBash(new Dictionary<string, string>
        {
            ["BACKUP_ENV_FILE"] = Path.Combine(folder, "env"),
            ["BACKUP_ACCESSORIES"] = "local",
            ["BACKUP_VOLUMES_ROOT"] = Path.Combine(folder, "volumes"),
            ["BACKUP_STATE_DIR"] = Path.Combine(folder, "state"),
            ["RESTIC_CACHE_DIR"] = Path.Combine(work, "cache"),
            ["SSL_CERT_FILE"] = s3.CertificateFile,
            ["TZ"] = "UTC",
            ["PATH"] = $"{PostgresServer.Bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["POSTGRES_PASSWORD"] = dbPassword,
        });
        await shell.Run($"chmod 0711 {work} {folder} {folder}/volumes {Path.GetDirectoryName(archive)} && chown postgres {archive}");
        await shell.Run($"{bin}/{BackupScript.Name} init >/dev/null");

        var live = await PostgresServer.Start(User, dbPassword, port, [.. WalArchiving.ServerArguments(archive), "-c", "track_commit_timestamp=on"]);
        await live.Rows("CREATE DATABASE app", "postgres");
        await live.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())", "app");
        using var stopShipping = new CancellationTokenSource();
        var shipper = Task.Run(async () =>
        {
            while (!stopShipping.IsCancellationRequested)
            {
                try
                {
                    await shell.Run($"{bin}/{WalShipScript.Name} >/dev/null 2>&1");
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
        var writer = Task.Run(() => Write(port, dbPassword, acked, stopWriting.Token));
        await Task.Delay(2000);
        await shell.Run($"{bin}/{BackupScript.Name} >/dev/null");
        var baseEnded = DateTimeOffset.UtcNow;
        var afterBase = s3.StoredBytes($"pitr-{round}");
        var baseDone = Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromSeconds(40 + Random.Shared.Next(50)));
        await live.Crash();
        var ran = baseDone.Elapsed.TotalSeconds;
        stopWriting.Cancel();
        await writer;
        stopShipping.Cancel();
        await shipper;
        var walBytes = s3.StoredBytes($"pitr-{round}") - afterBase;
        await live.DisposeAsync();

        await using var rebuilt = await PostgresServer.Start(User, dbPassword, port);
        await rebuilt.Rows("CREATE DATABASE app", "postgres");
        var restore = (await shell.Run($"{bin}/{RestoreScript.Name} database db --to latest recovered >/dev/null")).Seconds;
        var recovered = await Ids(rebuilt, "recovered");
        var lastRecovered = acked.LastOrDefault(r => r.Id <= recovered.Count);
        var lostSeconds = lastRecovered.Id == 0 ? ran : (acked[^1].At - lastRecovered.At).TotalSeconds;
        var lostRows = acked.Count(r => r.Id > recovered.Count);

        // A commit after the base backup ended (one during it lies before the oldest reachable point).
        var reachable = acked.Where(r => r.At > baseEnded.AddSeconds(1) && r.Id <= recovered.Count).ToList();
        var chosen = reachable[Random.Shared.Next(reachable.Count / 4, reachable.Count * 3 / 4)];
        await shell.Run($"{bin}/{RestoreScript.Name} database db --to {chosen.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)} at_chosen >/dev/null");
        var exact = (await Ids(rebuilt, "at_chosen")).SequenceEqual(acked.Where(r => r.At <= chosen.At).Select(r => r.Id))
            && recovered.SequenceEqual(Enumerable.Range(1, recovered.Count).Select(i => (long)i));
        return new Crash(acked.Count, lostRows, lostSeconds, restore, exact, walBytes / ran * 86400 / 1048576, ran);
    }

    private static async Task<List<long>> Ids(PostgresServer server, string database) =>
        (await server.Rows("SELECT id FROM ticks ORDER BY id", database)).Select(long.Parse).ToList();

    // One row per transaction, then its commit time as the server recorded it; stops when the server dies.
    private static void Write(int port, string password, List<(long Id, DateTimeOffset At)> acked, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var start = new ProcessStartInfo($"{PostgresServer.Bin}/psql") { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["PGPASSWORD"] = password } };
            foreach (var argument in new[]
                     {
                         "--host=127.0.0.1", $"--port={port}", $"--username={User}", "--dbname=app", "--quiet", "--no-align", "--tuples-only", "--field-separator=\t",
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
