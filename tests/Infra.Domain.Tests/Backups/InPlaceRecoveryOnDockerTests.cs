using System.Text.RegularExpressions;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Hosting;
using Infra.Domain.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// <c>infra-restore database db --to T --in-place</c> as on a droplet: the rendered scripts run on the
/// host against a real S3 server and reach the accessory through the real engine (BACKUP_ACCESSORIES=docker,
/// Docker's own volume folder), the accessory being the stack's PostgreSQL container (Debian's
/// PostgreSQL 15). It is refused beyond the shipped WAL, killed and stopped at its two dangerous moments,
/// then run to the end: the live data keeps serving (old or new, never a mix), the recovered data holds
/// exactly the rows committed at or before T, and the old data is kept where it says, and comes back as it says.
/// </summary>
[Collection(LocalStackOnDockerTests.Name)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "postgres")]
public sealed partial class InPlaceRecoveryOnDockerTests(ITestOutputHelper output)
{
    private const string RealDocker = "/usr/bin/docker";

    [SkippableFact]
    public async Task In_place_recovery_is_exact_keeps_the_old_data_aside_and_a_failed_or_killed_run_leaves_the_live_data_serving()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var stack = $"p{Guid.NewGuid():N}"[..9];
        await using var db = await PostgresAccessoryOnDocker.Start(stack);
        var plan = new BackupPlan(stack, [new DatabaseBackup("db", AccessoryKind.Postgres, db.Settings.Port, "app", "app")], [], new RetentionSettings());
        using var rig = await BackupRig.Create(s3, plan);
        rig.Accessories = "docker";
        rig.Settings["BACKUP_VOLUMES_ROOT"] = await PostgresAccessoryOnDocker.VolumesRoot();

        await db.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY)");
        var backup = await rig.Backup();
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the oldest reachable point is the whole second after the base backup ended
        var good = await db.CommitSpaced(10);
        var bad = await db.CommitSpaced(5); // e.g. a migration gone wrong: what the restore is to undo
        await db.SwitchAndWaitArchived();
        var shipped = await rig.ShipWal();
        Assert.True(shipped.ExitCode == 0, shipped.Output + shipped.Error);
        var all = good.Concat(bad).Select(r => r.Id).ToList();
        var to = PostgresAccessoryOnDocker.JustAfter(good[^1]);
        var live = await db.State();

        // Beyond the shipped WAL: refused before anything live is touched.
        var beyond = PostgresAccessoryOnDocker.Rfc3339(DateTimeOffset.UtcNow.AddMinutes(10));
        var refused = await rig.Restore("database", "db", "--to", beyond, "--in-place");
        output.WriteLine(refused.Output + refused.Error);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"refused: --to {beyond} is at or after the latest point 'db' can be recovered to, ", refused.Error);
        Assert.Equal(all, await db.Ids());
        Assert.Equal(live, await db.State());

        // Before the oldest base backup: refused, naming the oldest point it can reach.
        var early = PostgresAccessoryOnDocker.Rfc3339(DateTimeOffset.UtcNow.AddHours(-1));
        var tooEarly = await rig.Restore("database", "db", "--to", early, "--in-place");
        Assert.Equal(1, tooEarly.ExitCode);
        Assert.Matches($@"refused: --to {Regex.Escape(early)} is before the oldest point 'db' can be recovered to, \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(the end of base backup [0-9a-f]{{8}}\)", tooEarly.Error);
        Assert.Equal(live, await db.State());

        // Killed outright while the scratch server recovers: the accessory served its data all along, never stopped.
        var recovering = FaultPoint.Install(rig, "docker", RealDocker, """[ "$1" = stop ] && [[ "${4:-}" == *-pitr-* ]]""", FaultPoint.Pause);
        await using (var run = rig.Start("infra-restore", "database", "db", "--to", to, "--in-place"))
        {
            await recovering.WaitUntilReached(run);
            Assert.Equal(all, await db.Ids());
            await run.SignalGroup("KILL");
            await run.Wait();
        }

        rig.RemoveProgram("docker");
        Assert.Equal(all, await db.Ids());
        Assert.Equal(live, await db.State());
        var stale = await db.Named("db-pitr-");
        Assert.NotEmpty(stale);

        // Stopped (SIGTERM) once the recovered folder is in place, before the accessory starts on it: the old data goes back and serves.
        var starting = FaultPoint.Install(rig, "docker", RealDocker, StartOf(db.Container), FaultPoint.Pause);
        await using (var run = rig.Start("infra-restore", "database", "db", "--to", to, "--in-place"))
        {
            await starting.WaitUntilReached(run);
            Assert.False(await db.Running());
            Assert.Empty((await db.Named("db-pitr-")).Intersect(stale)); // the killed run's scratch server is gone
            await run.SignalGroup("TERM");
            var stopped = await run.Wait();
            output.WriteLine(stopped.Output + stopped.Error);
            Assert.NotEqual(0, stopped.ExitCode);
            Assert.Contains("undid the interrupted point-in-time restore", stopped.Error);
            Assert.Contains("restore INTERRUPTED by SIGTERM", stopped.Error);
        }

        rig.RemoveProgram("docker");
        Assert.Equal(all, await db.Ids());
        Assert.Equal("interrupted", rig.RestoreRecord()["result"]);

        // Killed outright at that same moment: the accessory stays down until the next run of the script, whatever its command, puts the old data back.
        starting = FaultPoint.Install(rig, "docker", RealDocker, StartOf(db.Container), FaultPoint.Pause);
        await using (var run = rig.Start("infra-restore", "database", "db", "--to", to, "--in-place"))
        {
            await starting.WaitUntilReached(run);
            await run.SignalGroup("KILL");
            await run.Wait();
        }

        rig.RemoveProgram("docker");
        Assert.False(await db.Running());
        var next = await rig.Restore("list");
        output.WriteLine(next.Output + next.Error);
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
        Assert.Contains("undid the interrupted point-in-time restore", next.Error);
        Assert.Equal(all, await db.Ids());

        // To the end: exactly the rows committed at or before T, the old data kept where it says.
        var restored = await rig.Restore("database", "db", "--to", to, "--in-place");
        output.WriteLine(restored.Output + restored.Error);
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);
        Assert.Equal(good.Select(r => r.Id), await db.Ids());
        Assert.Equal("ok", rig.RestoreRecord()["result"]);
        Assert.Empty(await db.Named("db-pitr-"));
        var aside = KeptAt().Match(restored.Output).Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(aside, "PG_VERSION")), restored.Output);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(aside)!, "_data.failed-restore-*"));

        // The recovered server goes on: it takes writes, and its new timeline's history reaches the archive volume.
        var afterwards = await db.Commit();
        Assert.True(afterwards.Id > good[^1].Id);
        var archive = await db.ArchiveFolder();
        await Eventually(() => Directory.GetFiles(archive, "*.history").Length > 0, "the new timeline's .history file to be archived");

        // Back to the data it had, as the restore said.
        var back = GoBack().Match(restored.Output).Groups[1].Value;
        Assert.NotEqual("", back);
        var wentBack = await DockerEngine.RunOnBareHost(back);
        Assert.True(wentBack.ExitCode == 0, wentBack.Output + wentBack.Error);
        Assert.Equal(all, await db.Ids());
    }

    /// <summary>The fault point's condition: the call that starts the accessory's container.</summary>
    private static string StartOf(string container) => $$"""[ "$1" = start ] && [ "${2:-}" = {{container}} ]""";

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"is kept in volume \S+ as \S+, beside _data \(at (\S+) here\)")]
    private static partial Regex KeptAt();

    /// <summary>The command the restore prints to go back to the data it kept aside.</summary>
    [GeneratedRegex(@"to go back to it \(RUNBOOK [^)]*\): (.+)")]
    public static partial Regex GoBack();
}
