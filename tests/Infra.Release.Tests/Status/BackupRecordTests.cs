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
    public void Reads_the_size_a_successful_run_records()
    {
        var record = BackupRecord.Parse("time=2026-11-22T03:15:40Z\nresult=ok\nmessage=backed up databases db and volumes web-uploads\npid=4711\nsize_bytes=373000\nadded_bytes=1024\n");

        Assert.Equal(new BackupSize(373_000, 1_024), record.Size);
        Assert.Equal("364.3 KiB (1.0 KiB new)", record.Size!.Describe());
    }

    [Theory]
    [InlineData("")]
    [InlineData("size_bytes=373000\n")]
    [InlineData("size_bytes=lots\nadded_bytes=1\n")]
    [InlineData("size_bytes=-5\nadded_bytes=1\n")]
    public void A_record_without_both_sizes_as_whole_numbers_has_no_size(string sizes)
    {
        Assert.Null(BackupRecord.Parse($"time=2026-11-22T03:15:40Z\nresult=ok\nmessage=m\n{sizes}").Size);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(36_700_160, "35.0 MiB")]
    [InlineData(1_288_490_189, "1.2 GiB")]
    [InlineData(5_497_558_138_880, "5.0 TiB")]
    public void Sizes_read_in_binary_units(long bytes, string readable)
    {
        Assert.Equal(readable, new BackupSize(bytes, 0).Describe().Split(" (")[0]);
    }

    [Fact]
    public void A_record_without_time_or_result_is_refused_naming_its_first_line()
    {
        Assert.Equal(
            "the backup's last-status record has no time or result: garbage",
            Assert.Throws<ReleaseRefusal>(() => BackupRecord.Parse("garbage\nresult=ok\n")).Message);
    }
}
