using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>The backup runs <c>restic check</c> when the last one is missing or older than a week, and not otherwise.</summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class CheckScheduleTests
{
    private const string CheckLine = "== restic check";

    [SkippableFact]
    public async Task Checks_on_the_first_run_then_only_once_the_last_check_is_a_week_old()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        using var heartbeat = new HeartbeatListener();
        using var rig = await BackupRig.Create(s3, new BackupPlan("test", [], [new VolumeBackup("web", "uploads")], new RetentionSettings()), heartbeat.Url);
        FileTree.Write(rig.VolumeData("web-uploads"));

        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = await rig.Backup();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        // The record the proxy answers the backup-freshness check from: this success's time, readable by the proxy.
        var recorded = long.Parse(File.ReadAllText(rig.SuccessRecord).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(recorded, started, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(rig.SuccessRecord).HasFlag(UnixFileMode.OtherRead), "the proxy (another user) must read the record");
        Assert.Contains(CheckLine, first.Output);
        Assert.Contains("no errors were found", first.Output);
        Assert.True(File.Exists(rig.CheckMarker));

        var next = await rig.Backup();
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
        Assert.DoesNotContain(CheckLine, next.Output);

        File.SetLastWriteTimeUtc(rig.CheckMarker, DateTime.UtcNow.AddDays(-(BackupScript.CheckEveryDays + 1)));
        var weekLater = await rig.Backup();
        Assert.True(weekLater.ExitCode == 0, weekLater.Output + weekLater.Error);
        Assert.Contains(CheckLine, weekLater.Output);
        Assert.True(File.GetLastWriteTimeUtc(rig.CheckMarker) > DateTime.UtcNow.AddMinutes(-5));

        Assert.Equal(3, heartbeat.Pings);
        Assert.Equal("ok", rig.Status()["result"]);
        Assert.Equal("backed up volumes web-uploads", rig.Status()["message"]);
    }
}
