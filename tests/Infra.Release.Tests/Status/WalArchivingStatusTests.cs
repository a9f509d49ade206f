using Infra.Release.Status;

namespace Infra.Release.Tests.Status;

/// <summary>One PostgreSQL accessory's WAL archiving, from infra-wal-ship's record (issue 13).</summary>
public class WalArchivingStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static WalArchivingReading Record(string result, int seconds, int segments = 0, string mib = "0.0", string message = "WAL shipped; 0 segment(s) waiting") =>
        new("db", WalArchivingRecord.Parse($"time={Now.AddSeconds(-seconds):yyyy-MM-ddTHH:mm:ssZ}\nresult={result}\npending_segments={segments}\npending_mib={mib}\nmessage={message}\n"));

    [Fact]
    public void Reads_the_record_wal_ship_sh_writes()
    {
        var record = WalArchivingRecord.Parse("time=2026-11-22T09:59:45Z\nresult=behind\npending_segments=3\npending_mib=48.0\nmessage=WAL archiving behind by 3 segments / 48.0 MiB: x\n");

        Assert.Equal(new WalArchivingRecord(new DateTimeOffset(2026, 11, 22, 9, 59, 45, TimeSpan.Zero), "behind", 3, 48.0m, "WAL archiving behind by 3 segments / 48.0 MiB: x"), record);
    }

    [Fact]
    public void A_record_without_its_counts_is_refused_naming_its_first_line()
    {
        Assert.Equal(
            "the WAL archiving record has no time, result or pending segments and MiB: time=2026-11-22T09:59:45Z",
            Assert.Throws<ReleaseRefusal>(() => WalArchivingRecord.Parse("time=2026-11-22T09:59:45Z\nresult=ok\n")).Message);
    }

    [Fact]
    public void Behind_is_a_problem_with_the_records_own_message_and_its_size()
    {
        var status = WalArchivingStatus.From(Record("behind", 20, 2, "32.0", "WAL archiving behind by 2 segments / 32.0 MiB: archive_command of 'db' is failing"), Now);

        Assert.Equal(("behind", "2 segments / 32.0 MiB"), (status.State, status.Behind));
        Assert.Equal("accessory db: WAL archiving behind by 2 segments / 32.0 MiB: archive_command of 'db' is failing", status.Problem);
    }

    [Fact]
    public void A_recent_ok_is_healthy_and_an_old_one_says_the_shipper_stopped()
    {
        Assert.Null(WalArchivingStatus.From(Record("ok", 30), Now).Problem);

        var silent = WalArchivingStatus.From(Record("ok", 601), Now);
        Assert.Equal("not running", silent.State);
        Assert.Equal("accessory db: infra-wal-ship last recorded a run at 2026-11-22 09:49 UTC (10m ago; it runs every 15 s)", silent.Problem);
    }

    [Fact]
    public void No_record_and_an_unreadable_one_are_problems_on_every_stack_as_a_timer_or_the_scheduler_container_runs_the_shipper()
    {
        Assert.Equal("accessory db: infra-wal-ship has recorded no run yet", WalArchivingStatus.From(new WalArchivingReading("db", null), Now).Problem);
        Assert.Equal("accessory db: cannot read its WAL archiving record: /var/lib/infra-backup/last-wal-db: Permission denied",
            WalArchivingStatus.From(new WalArchivingReading("db", null, "/var/lib/infra-backup/last-wal-db: Permission denied"), Now).Problem);
    }
}
