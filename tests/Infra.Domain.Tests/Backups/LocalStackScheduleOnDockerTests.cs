using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Hosting;
using Infra.Domain.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// The local stack's scheduler on the real engine, as the stack runs it: the backup install (its helper
/// image built from the stand-ins of the images it pins), the backup store (the MinIO stand-in), a
/// WAL-archiving PostgreSQL accessory (Debian's PostgreSQL 15 stand-in), and the scheduler container of
/// <see cref="BackupSchedule"/> with the mounts, settings, init and stop signal the stack gives it. Nobody
/// runs a wrapper: what reaches the repository, the scheduler put there.
/// </summary>
[Collection(LocalStackOnDockerTests.Name)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
[Trait(RequiresProgram.Trait, "postgres")]
public sealed partial class LocalStackScheduleOnDockerTests(ITestOutputHelper output)
{
    private const string Store = "backup-store";
    private const int StorePort = 9000;

    [SkippableFact]
    public async Task Committed_wal_reaches_the_repository_within_a_minute_and_backups_run_each_scheduled_minute_by_themselves()
    {
        var stack = $"s{Guid.NewGuid():N}"[..9];
        await using var db = await PostgresAccessoryOnDocker.Start(stack);
        var names = db.Names;
        var hostRoot = Directory.CreateTempSubdirectory("infra-local-schedule-").FullName;
        var tools = new BackupTools(names, Path.Combine(hostRoot, "bin"));
        var plan = new BackupPlan(stack, [new DatabaseBackup("db", AccessoryKind.Postgres, db.Settings.Port, "app", "app")], [], new RetentionSettings { Daily = 7 });
        try
        {
            await InstallBackup(names, tools, plan);
            // What the stack's two host steps read before it declares the container: the engine's data folder, the image's ID.
            var dockerRoot = (await DockerEngine.RunOnBareHost(BackupTools.DockerRootQuery)).Output.Trim();
            var imageId = (await DockerEngine.RunOnBareHost(BackupTools.ImageIdQuery)).Output.Trim();
            Assert.StartsWith("/", dockerRoot, StringComparison.Ordinal);
            Assert.StartsWith("sha256:", imageId, StringComparison.Ordinal);

            // A schedule that names no minute for hours: only the WAL shipping runs.
            var later = DateTime.UtcNow.AddHours(12);
            var quiet = tools.Schedule(plan, $"{later.Minute} {later.Hour} * * *");
            await Start(quiet, dockerRoot, imageId);
            await db.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY)");
            await db.Commit();
            var committed = Stopwatch.StartNew();
            var segment = (await db.Rows("SELECT pg_walfile_name(pg_current_wal_lsn())", "postgres")).Single();
            // The segment is closed here, as archive_timeout would close it: PostgreSQL 15 leaves a segment
            // written after an idle spell open until its next checkpoint (seen here: up to checkpoint_timeout,
            // 5 min), which is the server's business, not the scheduler's.
            await db.SwitchAndWaitArchived();
            var archived = committed.Elapsed;
            string listed;
            while (!(listed = await InRepository(quiet, "ls --no-lock latest --tag kind=wal,name=db")).Contains($"/_data/{segment}", StringComparison.Ordinal))
            {
                Assert.True(committed.Elapsed < TimeSpan.FromSeconds(90),
                    $"segment {segment} was not shipped within 90 s\nrepository: {listed}\narchive: {await InScheduler(quiet, $"ls -la {BackupTools.VolumesRoot}/{names.Volume(WalArchiving.VolumeName("db"))}/_data; cat {tools.Layout.StateDirectory}/last-wal*")}\n{await Logs(quiet)}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var shipped = committed.Elapsed;
            output.WriteLine($"segment {segment} of the committed row: archived {archived.TotalSeconds:0.0} s and in the repository {shipped.TotalSeconds:0.0} s after the commit (shipped every {WalArchiving.ShipEverySeconds} s)");
            Assert.True(shipped <= TimeSpan.FromSeconds(60), $"shipped after {shipped}");
            Assert.Equal("", await InScheduler(quiet, $"cat {tools.Layout.StatusFile} 2>/dev/null || true")); // no backup ran

            // The schedule becomes every minute: the container is replaced, as a deploy replaces it. The old one stops promptly.
            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, (await DockerEngine.Docker("stop", quiet.ContainerName)).ExitCode);
            output.WriteLine($"docker stop of the idle scheduler took {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
            Assert.Equal("0", (await DockerEngine.Docker("inspect", "-f", "{{.State.ExitCode}}", quiet.ContainerName)).Output.Trim());
            Assert.Contains($"{BackupSchedule.ScriptName}: stopped\n", await Logs(quiet));
            Assert.Equal(0, (await DockerEngine.Docker("rm", quiet.ContainerName)).ExitCode);

            var everyMinute = tools.Schedule(plan, "* * * * *");
            var started = Stopwatch.StartNew();
            await Start(everyMinute, dockerRoot, imageId);
            var first = await NextOkBackup(everyMinute, after: null, started, TimeSpan.FromSeconds(75));
            output.WriteLine($"a scheduled backup recorded ok {started.Elapsed.TotalSeconds:0.0} s after the scheduler started (at {first:HH:mm:ss})");
            var second = await NextOkBackup(everyMinute, after: first, started, TimeSpan.FromSeconds(240));
            output.WriteLine($"a later scheduled backup recorded ok {started.Elapsed.TotalSeconds:0.0} s after the scheduler started (at {second:HH:mm:ss})");

            // Each backup started by the scheduler in a minute of its own, at most one per minute (retention keeps one
            // base snapshot a day, so the base backups confirmed to the shipper are counted instead).
            var logs = await Logs(everyMinute);
            var starts = StartRegex().Matches(logs).Select(m => m.Groups[1].Value).ToList();
            Assert.True(starts.Count >= 2, logs);
            Assert.Equal(starts.Count, starts.Distinct().Count());
            var bases = (await InScheduler(everyMinute, $"cat {tools.Layout.StateDirectory}/wal-bases-db")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(bases.Length >= 2, string.Join(", ", bases));
            Assert.Equal(bases.Length, bases.Select(label => label[..^3]).Distinct().Count()); // infra-base-db-YYYYMMDDTHHMMSSZ, by minute
            Assert.False(logs.Contains("FAILED", StringComparison.Ordinal), logs);

            // docker stop while the next scheduled backup runs: the backup records that it was interrupted, the
            // scheduler ends well within the stop timeout, and the repository opens with no lock left behind.
            var running = Stopwatch.StartNew();
            while (!(await InScheduler(everyMinute, $"cat {tools.Layout.StatusFile}")).Contains("\nresult=running\n", StringComparison.Ordinal))
            {
                Assert.True(running.Elapsed < TimeSpan.FromSeconds(100), $"no third backup started within 100 s\n{await Logs(everyMinute)}");
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            stopping.Restart();
            Assert.Equal(0, (await DockerEngine.Docker("stop", everyMinute.ContainerName)).ExitCode);
            output.WriteLine($"docker stop of the scheduler during a backup took {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(BackupSchedule.StopSeconds), $"stopping took {stopping.Elapsed}");
            Assert.Equal("0", (await DockerEngine.Docker("inspect", "-f", "{{.State.ExitCode}}", everyMinute.ContainerName)).Output.Trim());
            logs = await Logs(everyMinute);
            output.WriteLine(logs);
            Assert.Contains("infra-backup stopped (exit 143): backup interrupted by SIGTERM; the next run starts over", logs);
            var afterStop = await DockerEngine.Docker("run", "--rm", "--user", everyMinute.User, "--network", names.Network, "--volume", $"{tools.Volume}:{BackupTools.Root}", "--entrypoint", "bash", everyMinute.Image,
                "-c", $"cat {tools.Layout.StatusFile}; set -a; . {tools.Layout.EnvironmentFile}; restic snapshots --no-lock --compact >/dev/null && echo repository-opens; echo \"locks=$(restic list locks --no-lock | wc -l)\"");
            Assert.True(afterStop.Output.Contains("\nresult=interrupted\n", StringComparison.Ordinal), afterStop.Output + afterStop.Error);
            Assert.True(afterStop.Output.Contains("repository-opens", StringComparison.Ordinal), afterStop.Output + afterStop.Error);
            Assert.True(afterStop.Output.Contains("\nlocks=0\n", StringComparison.Ordinal), afterStop.Output + afterStop.Error); // restic stopped cleanly
        }
        finally
        {
            Directory.Delete(hostRoot, recursive: true);
        }
    }

    /// <summary>The store and the stack's backup install, its pinned images mapped to the stand-ins as the engine tests map them.</summary>
    private static async Task InstallBackup(DockerNames names, BackupTools tools, BackupPlan plan)
    {
        var helper = await DockerEngine.Image("haproxy");
        var storeKey = $"k{Guid.NewGuid():N}";
        await Docker("run", "-d", "--name", names.Container(Store), "--network", names.Network, "--network-alias", Store,
            "--env", "MINIO_ROOT_USER=infra-local", "--env", $"MINIO_ROOT_PASSWORD={storeKey}",
            "--volume", $"{names.Volume(Store + "-data")}:/data", await DockerEngine.Image("s3-store"), "server", "/data");
        var storeReady = await DockerEngine.RunOnBareHost(new ReadinessProbe(Store, StorePort, "/minio/health/live").HostCommand(names, seconds: 60, helperImage: helper));
        Assert.True(storeReady.ExitCode == 0, storeReady.Output + storeReady.Error);

        var install = tools.Install(plan, "0 2 * * *")
            .Replace(HelperImage.Reference, helper, StringComparison.Ordinal)
            .Replace(BackupTools.ResticImage, await DockerEngine.Image("restic"), StringComparison.Ordinal)
            .Replace(BackupTools.DockerCliImage, await DockerEngine.Image("docker-cli"), StringComparison.Ordinal);
        var credentials = BackupEnvironmentFile.Render(new BackupEnvironment(
            $"s3:http://{Store}:{StorePort}/schedule/restic", $"r{Guid.NewGuid():N}", "infra-local", storeKey));
        var installed = await DockerEngine.RunOnBareHost(install, credentials, TimeSpan.FromMinutes(5));
        Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);
    }

    /// <summary>The scheduler's container as the stack declares it (components/BackupJob.cs), with what its host steps read.</summary>
    private static Task Start(BackupSchedule schedule, string dockerRoot, string imageId) => Docker(
    [
        "run", "-d", "--name", schedule.ContainerName, "--hostname", schedule.Hostname, "--network", schedule.Network, "--user", schedule.User,
        "--restart", schedule.Restart, "--stop-signal", BackupSchedule.StopSignal,
        "--stop-timeout", BackupSchedule.StopSeconds.ToString(CultureInfo.InvariantCulture),
        .. schedule.Init ? ["--init"] : Array.Empty<string>(),
        .. schedule.Mounts(dockerRoot).SelectMany(m => new[] { "--volume", $"{m.Source}:{m.Target}" }),
        .. schedule.Environment.SelectMany(e => new[] { "--env", e }),
        "--label", $"{BackupSchedule.Label.Key}={BackupSchedule.Label.Value}",
        "--entrypoint", schedule.Entrypoint,
        imageId,
        .. schedule.Command,
    ]);

    /// <summary>Waits for a last-status record saying ok with a time after <paramref name="after"/>; its time.</summary>
    private async Task<DateTimeOffset> NextOkBackup(BackupSchedule schedule, DateTimeOffset? after, Stopwatch clock, TimeSpan within)
    {
        while (true)
        {
            var record = await InScheduler(schedule, $"cat {schedule.Tools.Layout.StatusFile} 2>/dev/null || true");
            if (record.Contains("\nresult=ok\n", StringComparison.Ordinal)
                && DateTimeOffset.Parse(record.Split('\n')[0]["time=".Length..], CultureInfo.InvariantCulture) is var time
                && (after is null || time > after))
            {
                return time;
            }

            if (clock.Elapsed > within)
            {
                output.WriteLine(await Logs(schedule));
                Assert.Fail($"no {(after is null ? "" : "second ")}backup recorded ok within {within.TotalSeconds} s of the scheduler's start; last record:\n{record}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A restic command on the stack's repository, run in the scheduler with the installed credentials.</summary>
    private static Task<string> InRepository(BackupSchedule schedule, string arguments) =>
        InScheduler(schedule, $"set -a; . {schedule.Tools.Layout.EnvironmentFile}; set +a; restic {arguments} 2>&1 || true");

    private static async Task<string> InScheduler(BackupSchedule schedule, string command)
    {
        var result = await DockerEngine.Docker("exec", schedule.ContainerName, "bash", "-c", command);
        Assert.True(result.ExitCode == 0, $"docker exec {schedule.ContainerName}: {result.Output}{result.Error}");
        return result.Output;
    }

    private static async Task<string> Logs(BackupSchedule schedule)
    {
        var logs = await DockerEngine.Docker("logs", schedule.ContainerName);
        return logs.Output + logs.Error;
    }

    private static async Task Docker(params string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }

    [GeneratedRegex("starting the backup due by ([0-9-]+ [0-9:]+) UTC")]
    private static partial Regex StartRegex();
}
