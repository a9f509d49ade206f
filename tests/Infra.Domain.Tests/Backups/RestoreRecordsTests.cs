using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// <c>infra-restore records</c>, how `release status` reads the backup's records on every host: each
/// named record after its header line, the header alone before any run, only the plan's records, and
/// a read only: it answers while another run holds the host lock and leaves a pending restore's journal
/// alone (no exit trap undoes it).
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "flock")]
public sealed class RestoreRecordsTests(S3ServerFixture s3Server) : IClassFixture<S3ServerFixture>
{
    private static readonly BackupPlan Plan = new("test", [], [new VolumeBackup("web", "uploads")], new RetentionSettings { Daily = 1 });

    [SkippableFact]
    public async Task Records_prints_the_named_records_as_the_runs_wrote_them_and_only_reads()
    {
        var flock = RequiresProgram.Program("flock");
        using var rig = await BackupRig.Create(await s3Server.Server(), Plan);
        var header = $"{RestoreScript.RecordHeader} {BackupHostLayout.StatusFileName}\n";

        var before = await rig.Restore(RestoreScript.RecordsCommand, BackupHostLayout.StatusFileName);
        Assert.True(before.ExitCode == 0, before.Error);
        Assert.Equal(header, before.Output);

        FileTree.Write(rig.VolumeData("web-uploads"));
        var backup = await rig.Backup();
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);

        // Another run holds the host lock and a restore's journal is pending: the read answers at once and touches neither.
        var journal = Path.Combine(rig.StateDirectory, "restore-journal");
        await File.WriteAllTextAsync(journal, "kind=volume\ntarget=/nowhere\n");
        await using var holder = BackgroundProcess.Start(flock, Path.Combine(rig.StateDirectory, "lock"), "sleep", "120");
        await WaitUntilHeld(flock, Path.Combine(rig.StateDirectory, "lock"));
        rig.Settings["BACKUP_LOCK_WAIT_SECONDS"] = "1";

        var after = await rig.Restore(RestoreScript.RecordsCommand, BackupHostLayout.StatusFileName);

        Assert.True(after.ExitCode == 0, after.Error);
        Assert.Equal(header + await File.ReadAllTextAsync(Path.Combine(rig.StateDirectory, BackupHostLayout.StatusFileName)), after.Output);
        Assert.Contains("result=ok\n", after.Output);
        Assert.Equal("kind=volume\ntarget=/nowhere\n", await File.ReadAllTextAsync(journal));
        Assert.False(holder.HasExited);

        // Only the plan's records: nothing else of the state folder (or beyond it) is printed.
        var refused = await rig.Restore(RestoreScript.RecordsCommand, BackupHostLayout.StatusFileName, "../env");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Equal($"'../env' is not a record of this backup ({BackupHostLayout.StatusFileName})\n", refused.Error);
    }

    private static async Task WaitUntilHeld(string flock, string lockFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ProcessRunner.Run(flock, ["--nonblock", lockFile, "true"])).ExitCode == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{lockFile} was never taken");
            await Task.Delay(50);
        }
    }
}
