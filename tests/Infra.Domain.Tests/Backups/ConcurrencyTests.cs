using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Two runs at once are serialised by the host lock, a run that cannot get it in time fails naming it,
/// and a status that cannot be written (a full disk) fails the run loudly without damaging the last one.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "flock")]
public sealed class ConcurrencyTests(S3ServerFixture s3Server) : IClassFixture<S3ServerFixture>
{
    private static readonly BackupPlan Plan = new("test", [], [new VolumeBackup("web", "uploads")], new RetentionSettings { Daily = 30, Weekly = 0, Monthly = 0 });

    [SkippableFact]
    public async Task Two_backups_at_once_run_one_after_the_other_and_a_third_gives_up_at_its_deadline()
    {
        var restic = RequiresProgram.Program("restic");
        RequiresProgram.Program("flock");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        FileTree.Write(rig.VolumeData("web-uploads"));
        var log = Path.Combine(rig.Dir("calls"), "log");
        var gate = rig.Dir("gate");
        // The first `restic backup` waits at a gate the test opens; every `restic backup` logs its start and end.
        rig.ProvideProgram("restic", $$"""
            #!/bin/bash
            if [ "$1" = backup ]; then
              echo "start" >> {{log}}
              if mkdir {{gate}}/fired 2>/dev/null; then
                touch {{gate}}/reached
                for _ in $(seq 2400); do [ -e {{gate}}/open ] && break; sleep 0.05; done
              fi
              status=0
              {{restic}} "$@" || status=$?
              echo "end" >> {{log}}
              exit "$status"
            fi
            exec {{restic}} "$@"
            """);

        await using var first = rig.Start("infra-backup");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Path.Combine(gate, "reached")))
        {
            Assert.False(first.HasExited || DateTime.UtcNow > deadline, "the first backup never reached restic backup");
            await Task.Delay(50);
        }

        // While the first holds the lock: one that may wait a second gives up, loudly, naming the lock.
        rig.Settings["BACKUP_LOCK_WAIT_SECONDS"] = "1";
        var impatient = await rig.Backup();
        rig.Settings.Remove("BACKUP_LOCK_WAIT_SECONDS");
        Assert.Equal(1, impatient.ExitCode);
        Assert.Contains($"backup FAILED: another backup or restore held {Path.Combine(rig.StateDirectory, "lock")} for 1 s (BACKUP_LOCK_WAIT_SECONDS); gave up waiting, nothing was changed", impatient.Error);

        // One that may wait long enough runs once the first is done.
        await using var second = rig.Start("infra-backup");
        await File.WriteAllTextAsync(Path.Combine(gate, "open"), "");
        var one = await first.Wait();
        var two = await second.Wait();

        Assert.True(one.ExitCode == 0, one.Output + one.Error);
        Assert.True(two.ExitCode == 0, two.Output + two.Error);
        Assert.Equal(["start", "end", "start", "end"], await File.ReadAllLinesAsync(log));
        Assert.Equal("ok", rig.Status()["result"]);
        Assert.Equal("backed up volumes web-uploads", rig.Status()["message"]);
        // Both saved a snapshot; retention keeps one a day, so the second run forgot the first one's.
        Assert.Single(await rig.Snapshots());
        Assert.Empty(TemporaryStatusFiles(rig.StateDirectory));
    }

    [SkippableFact]
    public async Task A_backup_refuses_to_snapshot_data_an_interrupted_restore_left_half_done_until_the_restore_is_undone()
    {
        RequiresProgram.Program("restic");
        RequiresProgram.Program("flock");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        FileTree.Write(rig.VolumeData("web-uploads"));
        var journal = Path.Combine(rig.StateDirectory, "restore-journal");
        // What a volume restore killed between its two renames leaves: staged data in place of the live one, recorded.
        var aside = rig.Dir("aside");
        var staged = rig.Dir("staged");
        await File.WriteAllTextAsync(journal, $"kind=volume\ntarget={rig.VolumeData("web-uploads")}\nstaged={staged}\naside={aside}\n");

        var refused = await rig.Backup();

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"backup FAILED: a restore was interrupted and is not undone yet ({journal}); run `infra-restore list`, which undoes it, then back up again; nothing was backed up", refused.Error);
        Assert.Equal("failed", rig.Status()["result"]);
        Assert.Empty(await rig.Snapshots());

        File.Delete(journal);
        var next = await rig.Backup();
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
        Assert.Single(await rig.Snapshots());
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "mount")]
    public async Task A_full_disk_under_the_status_fails_the_run_loudly_and_keeps_the_last_record_whole()
    {
        RequiresProgram.Program("restic");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        FileTree.Write(rig.VolumeData("web-uploads"));
        await using var small = await SmallFileSystem.Mount("64k");
        rig.Settings["BACKUP_STATE_DIR"] = small.Path;
        var first = await rig.Backup();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var before = await File.ReadAllTextAsync(Path.Combine(small.Path, "last-status"));
        var filled = await ProcessRunner.Run("dd", ["if=/dev/zero", $"of={Path.Combine(small.Path, "filler")}", "bs=4k"]);
        Assert.Contains("No space left on device", filled.Error);

        var run = await rig.Backup();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"could not write {Path.Combine(small.Path, "last-status")} (is its file system full?)", run.Error);
        Assert.Contains("backup FAILED: cannot record its status", run.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(small.Path, "last-status")));
        Assert.Single(await rig.Snapshots());
        Assert.Empty(TemporaryStatusFiles(small.Path));
    }

    // write_record's temporary files (last-status.XXXXXX): none may be left behind.
    private static IEnumerable<string> TemporaryStatusFiles(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f).StartsWith("last-status.", StringComparison.Ordinal));
}
