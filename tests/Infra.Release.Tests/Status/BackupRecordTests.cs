using Infra.Release.Status;

namespace Infra.Release.Tests.Status;

public class BackupRecordTests
{
    [Fact]
    public void Reads_the_record_backup_sh_writes()
    {
        var record = BackupRecord.Parse("time=2026-11-22T03:15:40Z\nresult=failed\nmessage=restic could not save the dump of database 'db' (restic exit 1, dump exit 0)\npid=4711\n");

        Assert.Equal(new BackupRecord(new DateTimeOffset(2026, 11, 22, 3, 15, 40, TimeSpan.Zero), "failed", "restic could not save the dump of database 'db' (restic exit 1, dump exit 0)"), record);
    }

    [Fact]
    public void A_record_without_time_or_result_is_refused_naming_its_first_line()
    {
        Assert.Equal(
            "the backup's last-status record has no time or result: garbage",
            Assert.Throws<ReleaseRefusal>(() => BackupRecord.Parse("garbage\nresult=ok\n")).Message);
    }
}
