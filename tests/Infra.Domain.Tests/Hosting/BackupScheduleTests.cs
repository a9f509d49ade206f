using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Tests.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Hosting;

/// <summary>
/// The local stack's scheduler: its container's shape, its rendered program against a reviewed snapshot,
/// and the program run for real by bash against stand-in scripts (the clock is the real one, so each
/// schedule is chosen relative to now). <see cref="Backups.LocalStackScheduleOnDockerTests"/> runs it in
/// its container against the real scripts.
/// </summary>
public class BackupScheduleTests
{
    private static readonly BackupTools Tools = new(new DockerNames("local"), "/tmp/infra-local/bin");

    private static BackupSchedule Schedule(string cron = "15 3 * * *", bool wal = true) =>
        Tools.Schedule(wal ? BackupPlans.Prod() with { StackName = "local" } : BackupPlans.Prod() with { StackName = "local", Databases = [] }, cron);

    [Fact]
    public void Script_matches_its_snapshot() =>
        Snapshot.Matches(Schedule().Script, "tests", "Infra.Domain.Tests", "Hosting", "Snapshots", "infra-backup-schedule.sh");

    [Fact]
    public void The_container_runs_the_program_in_the_helper_image_with_the_helpers_mounts_and_settings()
    {
        var schedule = Schedule();

        Assert.Equal("local_backup-schedule", schedule.ContainerName);
        Assert.Equal(BackupTools.Image, schedule.Image);
        Assert.Equal("infra-local", schedule.Network);
        Assert.Equal("unless-stopped", schedule.Restart);
        Assert.Equal(["-c", schedule.Script, BackupSchedule.ScriptName], schedule.Command);
        Assert.Equal(
            [("local_backup", BackupTools.Root), (BackupTools.DockerSocket, BackupTools.DockerSocket), ("/var/lib/docker/volumes", BackupTools.VolumesRoot)],
            schedule.Mounts("/var/lib/docker"));
        Assert.Equal(["BACKUP_ENV_FILE=/infra/backup/env", "BACKUP_STATE_DIR=/infra/backup/state", $"BACKUP_VOLUMES_ROOT={BackupTools.VolumesRoot}"], schedule.Environment);
    }

    [Fact]
    public void Each_field_of_the_schedule_is_spelled_out_in_the_program()
    {
        var script = Schedule("*/20 1-3 * * 1-5").Script;

        Assert.Contains("minutes=\" 0 20 40 \"", script);
        Assert.Contains("hours=\" 1 2 3 \"", script);
        Assert.Contains("weekdays=\" 1 2 3 4 5 \"", script);
        Assert.Contains("longest_gap=249600", script); // Friday 03:40 to Monday 01:00
    }

    [Fact]
    public void Wal_is_shipped_only_when_the_stack_archives_it()
    {
        Assert.Contains("wal_ship_script=/infra/bin/infra-wal-ship\n", Schedule().Script);
        Assert.Contains("wal_ship_script=''\n", Schedule(wal: false).Script);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Runs_a_backup_missed_while_it_was_stopped_as_soon_as_it_starts_and_reads_the_schedule_in_utc()
    {
        var due = Minute(DateTime.UtcNow.AddMinutes(-10));
        await using var rig = await ScheduleRig.Create($"{due.Minute} {due.Hour} {due.Day} {due.Month} *", wal: false);

        // Stopped since before the minute the schedule named: it runs at once, whatever the machine's zone.
        rig.Stamp(due.AddMinutes(-5));
        var run = await rig.RunUntil("backup-started", environment: new() { ["TZ"] = "Asia/Tokyo" });

        Assert.True(rig.BackupRuns == 1, run);
        Assert.Contains($"starting the backup due by {DateTime.UtcNow:yyyy-MM-dd} ", run);
        Assert.Equal(Unix(Minute(DateTime.UtcNow)), rig.ReadStamp()); // the minute it ran in, possibly one later than asked
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Runs_nothing_when_no_minute_the_schedule_names_passed_since_the_last_run()
    {
        var due = Minute(DateTime.UtcNow.AddMinutes(-10));
        await using var rig = await ScheduleRig.Create($"{due.Minute} {due.Hour} * * {(int)due.DayOfWeek}", wal: false);

        rig.Stamp(due); // ran at that minute: the next one is a week away
        var run = await rig.RunFor(TimeSpan.FromSeconds(2));

        Assert.True(rig.BackupRuns == 0, run);
        Assert.Contains("started: backups on", run);
        Assert.Contains("stopped", run);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Without_a_record_of_its_own_it_looks_back_to_the_time_of_infra_backups_last_record()
    {
        var due = Minute(DateTime.UtcNow.AddMinutes(-10));
        await using var rig = await ScheduleRig.Create($"{due.Minute} {due.Hour} * * *", wal: false);

        rig.Status($"time={due.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}\nresult=ok\nmessage=by hand\n");
        await rig.RunUntil("backup-started");
        Assert.Equal(1, rig.BackupRuns);

        await using var after = await ScheduleRig.Create($"{due.Minute} {due.Hour} * * *", wal: false);
        after.Status($"time={due.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}\nresult=ok\nmessage=by hand\n");
        await after.RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal(0, after.BackupRuns);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Runs_at_most_once_in_a_scheduled_minute_across_a_restart()
    {
        await using var rig = await ScheduleRig.Create("* * * * *", wal: false);
        await WaitUntilEarlyInAMinute();

        await rig.RunUntil("backup-started"); // no record at all: the current minute counts
        await rig.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(1, rig.BackupRuns);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task A_failed_backup_is_reported_with_its_recorded_message_and_the_loop_goes_on()
    {
        await using var rig = await ScheduleRig.Create("* * * * *", wal: true);
        rig.Stamp(DateTime.UtcNow.AddHours(-1));

        var run = await rig.RunFor(TimeSpan.FromSeconds(3), environment: new() { ["FAKE_BACKUP_EXIT"] = "3" });

        Assert.Contains("infra-backup FAILED (exit 3): the bucket is gone", run);
        Assert.Contains("stopped", run); // still looping when it was told to stop
        Assert.Equal(1, rig.WalShipRuns);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Sigterm_reaches_a_running_backup_which_records_it_and_the_loop_ends_promptly()
    {
        await using var rig = await ScheduleRig.Create("* * * * *", wal: true);
        rig.Stamp(DateTime.UtcNow.AddHours(-1));

        var started = DateTime.UtcNow;
        var run = await rig.RunUntil("backup-started", environment: new() { ["FAKE_BACKUP_SECONDS"] = "600" });

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), run);
        Assert.Equal("interrupted by SIGTERM\n", rig.Outcome);
        Assert.Contains("SIGTERM: stopping", run);
        Assert.EndsWith("stopped\nexit=0\n", run);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task On_sigterm_the_shippers_restic_gets_sigint_and_the_loop_ends_only_once_it_has_removed_its_lock()
    {
        RequiresProgram.Program("perl");
        await using var rig = await ScheduleRig.Create("* * * * *", wal: true);
        rig.Stamp(DateTime.UtcNow.AddMinutes(1)); // no backup now

        var run = await rig.RunUntil("wal-restic-started", environment: new() { ["FAKE_WAL_SECONDS"] = "600" });

        Assert.Equal("removed\n", rig.Read("wal-lock")); // written a second after SIGINT, before the program ended
        Assert.EndsWith("stopped\nexit=0\n", run);
    }

    private static DateTime Minute(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, DateTimeKind.Utc);

    private static long Unix(DateTime time) => new DateTimeOffset(time).ToUnixTimeSeconds();

    /// <summary>So that a test's runs share one minute: at most about 50 s of waiting.</summary>
    private static async Task WaitUntilEarlyInAMinute()
    {
        while (DateTime.UtcNow.Second > 45)
        {
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// The rendered program with its installed scripts' folder moved into a temporary folder, where stand-ins
    /// for infra-backup and infra-wal-ship count their runs; a backup stand-in records how it ended.
    /// </summary>
    private sealed class ScheduleRig : IAsyncDisposable
    {
        private readonly DirectoryInfo _root;
        private readonly string _program;

        private ScheduleRig(DirectoryInfo root, string program)
        {
            _root = root;
            _program = program;
        }

        private string State => Path.Combine(_root.FullName, "state");

        public static async Task<ScheduleRig> Create(string cron, bool wal)
        {
            var bash = RequiresProgram.Program("bash");
            RequiresProgram.Program("setsid");
            var root = Directory.CreateTempSubdirectory("infra-schedule-");
            var bin = Path.Combine(root.FullName, "bin") + "/";
            var program = Path.Combine(root.FullName, "infra-backup-schedule");
            ExecutableFile.Write(program, Schedule(cron, wal).Script.Replace(BackupTools.Root + "/bin/", bin, StringComparison.Ordinal));
            ExecutableFile.Write(bin + BackupScript.Name, $$"""
                #!{{bash}}
                echo run >>"$BACKUP_STATE_DIR/backup-runs"
                trap 'kill "$child" 2>/dev/null; echo "interrupted by SIGTERM" >"$BACKUP_STATE_DIR/outcome"; exit 143' TERM
                touch "$BACKUP_STATE_DIR/backup-started"
                sleep "${FAKE_BACKUP_SECONDS:-0}" & child=$!
                wait "$child"
                if [ "${FAKE_BACKUP_EXIT:-0}" -ne 0 ]; then
                  printf 'time=%s\nresult=failed\nmessage=the bucket is gone\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$BACKUP_STATE_DIR/last-status"
                fi
                exit "${FAKE_BACKUP_EXIT:-0}"
                """);
            // Its restic stand-in (perl, which can catch SIGINT though the shipper starts with it ignored, as restic can)
            // takes a second to remove its lock when interrupted.
            ExecutableFile.Write(bin + WalShipScript.Name, $$"""
                #!{{bash}}
                echo run >>"$BACKUP_STATE_DIR/wal-runs"
                perl -e '$SIG{INT} = sub { sleep 1; open(my $f, ">", "$ENV{BACKUP_STATE_DIR}/wal-lock"); print $f "removed\n"; exit 130 }; open(my $s, ">", "$ENV{BACKUP_STATE_DIR}/wal-restic-started"); close($s); sleep($ENV{FAKE_WAL_SECONDS} // 0)'
                """);
            Directory.CreateDirectory(Path.Combine(root.FullName, "state"));
            await Task.CompletedTask;
            return new ScheduleRig(root, program);
        }

        public int BackupRuns => Lines("backup-runs");

        public int WalShipRuns => Lines("wal-runs");

        public string Outcome => Read("outcome");

        public string Read(string file) => File.ReadAllText(Path.Combine(State, file));

        public void Stamp(DateTime time) =>
            File.WriteAllText(Path.Combine(State, BackupSchedule.StampFileName), Unix(Minute(time)).ToString(CultureInfo.InvariantCulture) + "\n");

        public long ReadStamp() => long.Parse(File.ReadAllText(Path.Combine(State, BackupSchedule.StampFileName)).Trim(), CultureInfo.InvariantCulture);

        public void Status(string record) => File.WriteAllText(Path.Combine(State, BackupHostLayout.StatusFileName), record);

        /// <summary>Runs the program until the file appears in its state folder (at most 10 s), then stops it with SIGTERM; its output and exit code.</summary>
        public Task<string> RunUntil(string file, Dictionary<string, string>? environment = null) =>
            Run($"for _ in $(seq 100); do [ -e \"$BACKUP_STATE_DIR/{file}\" ] && break; sleep 0.1; done", environment);

        public Task<string> RunFor(TimeSpan time, Dictionary<string, string>? environment = null) =>
            Run($"sleep {time.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", environment);

        private async Task<string> Run(string wait, Dictionary<string, string>? environment)
        {
            File.Delete(Path.Combine(State, "backup-started"));
            var variables = new Dictionary<string, string>(environment ?? []) { ["BACKUP_STATE_DIR"] = State };
            var result = await ProcessRunner.Run("bash", ["-c", $"\"$1\" 2>&1 & pid=$!\n{wait}\nkill -TERM \"$pid\"\nwait \"$pid\"\necho \"exit=$?\"", "driver", _program], variables, TimeSpan.FromSeconds(60));
            return result.Output + result.Error;
        }

        private int Lines(string file) =>
            File.Exists(Path.Combine(State, file)) ? File.ReadAllLines(Path.Combine(State, file)).Length : 0;

        public ValueTask DisposeAsync()
        {
            _root.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
