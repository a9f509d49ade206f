using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>A service volume backed up as files and restored byte for byte, never losing the live copy first.</summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class VolumeRoundTripTests(S3ServerFixture s3Server) : IClassFixture<S3ServerFixture>
{
    private static readonly BackupPlan Plan = new("test", [], [new VolumeBackup("web", "uploads")], new RetentionSettings());

    [SkippableFact]
    public async Task Files_come_back_byte_for_byte_into_place_and_into_another_folder()
    {
        RequiresProgram.Program("restic");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        var live = rig.VolumeData("web-uploads");
        FileTree.Write(live);
        var backedUp = FileTree.Describe(live);

        var backup = await rig.Backup();
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        var snapshot = Assert.Single(await rig.Snapshots());
        Assert.Equal("kind=volume,name=web-uploads", snapshot.Tags);

        // The live data changes after the backup: a file lost, one overwritten, one added.
        File.Delete(Path.Combine(live, "readme.txt"));
        await File.WriteAllTextAsync(Path.Combine(live, "images", "zeros.raw"), "overwritten");
        await File.WriteAllTextAsync(Path.Combine(live, "new.txt"), "added after the backup");
        var changed = FileTree.Describe(live);

        var intoPlace = await rig.Restore("volume", "web-uploads");
        Assert.True(intoPlace.ExitCode == 0, intoPlace.Output + intoPlace.Error);
        Assert.Equal(backedUp, FileTree.Describe(live));

        // What was live is kept aside, not deleted, and no staging folder is left behind.
        var volumeFolder = Path.GetDirectoryName(live)!;
        var aside = Assert.Single(Directory.GetDirectories(volumeFolder, "_data.before-restore-*"));
        Assert.Equal(changed, FileTree.Describe(aside));
        Assert.Equal(["_data", Path.GetFileName(aside)], Directory.GetFileSystemEntries(volumeFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var elsewhere = Path.Combine(rig.Dir("elsewhere"), "uploads");
        var intoFolder = await rig.Restore("volume", "web-uploads", snapshot.Id, elsewhere);
        Assert.True(intoFolder.ExitCode == 0, intoFolder.Output + intoFolder.Error);
        Assert.Equal(backedUp, FileTree.Describe(elsewhere));
    }

    [SkippableFact]
    public async Task A_failed_restore_leaves_the_live_data_untouched()
    {
        RequiresProgram.Program("restic");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        var live = rig.VolumeData("web-uploads");
        FileTree.Write(live);
        Assert.Equal(0, (await rig.Backup()).ExitCode);
        var before = FileTree.Describe(live);

        var unknown = await rig.Restore("volume", "web-uploads", "deadbeef");
        var notAVolume = await rig.Restore("volume", "db");

        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("restore FAILED: no volume snapshot 'deadbeef' of 'web-uploads'", unknown.Error);
        Assert.NotEqual(0, notAVolume.ExitCode);
        Assert.Contains("restore FAILED: 'db' is not a backed-up volume (web-uploads)", notAVolume.Error);
        Assert.Equal(before, FileTree.Describe(live));
        Assert.Equal(["_data"], Directory.GetFileSystemEntries(Path.GetDirectoryName(live)!).Select(Path.GetFileName));
    }
}
