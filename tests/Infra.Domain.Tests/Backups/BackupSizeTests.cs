using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// A successful run records its size in last-status, from restic's own summaries: what it read and
/// saved (a database dump and a volume, summed) and what was new to the repository. The dump is a
/// stand-in mariadb-dump printing a known number of bytes, so the expected size is exact.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class BackupSizeTests(S3ServerFixture s3Server) : IClassFixture<S3ServerFixture>
{
    private const int DumpBytes = 250_000;

    private static readonly BackupPlan Plan = new(
        "test",
        [new DatabaseBackup("db", AccessoryKind.Mariadb, 3306, "app", "app")],
        [new VolumeBackup("web", "uploads")],
        new RetentionSettings());

    [SkippableFact]
    public async Task A_successful_run_records_the_bytes_it_saved_and_the_bytes_new_to_the_repository()
    {
        RequiresProgram.Program("restic");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        var dump = Path.Combine(rig.Dir("dump"), "db.sql");
        await File.WriteAllBytesAsync(dump, RandomBytes(DumpBytes));
        rig.ProvideProgram("mariadb-dump", $"#!/bin/sh\ncat '{dump}'\n");
        var live = rig.VolumeData("web-uploads");
        Directory.CreateDirectory(live);
        await File.WriteAllBytesAsync(Path.Combine(live, "photo.raw"), RandomBytes(120_000));
        await File.WriteAllTextAsync(Path.Combine(live, "readme.txt"), new string('x', 3_000));
        const long expected = DumpBytes + 120_000 + 3_000;

        var first = await rig.Backup();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var status = rig.Status();
        Assert.Equal("ok", status["result"]);
        Assert.Equal(expected, Number(status[BackupSizeFields.SizeBytes]));
        // Random data does not deduplicate: everything is new, plus restic's own tree metadata.
        Assert.InRange(Number(status[BackupSizeFields.AddedBytes]), expected, expected + 20_000);
        Assert.Contains($"({expected} bytes, ", first.Output);

        // Nothing changed: the same size is backed up again, and almost nothing is new.
        var second = await rig.Backup();
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        status = rig.Status();
        Assert.Equal(expected, Number(status[BackupSizeFields.SizeBytes]));
        Assert.InRange(Number(status[BackupSizeFields.AddedBytes]), 0, 5_000);
    }

    [SkippableFact]
    public async Task A_failed_run_records_no_size()
    {
        RequiresProgram.Program("restic");
        var s3 = await s3Server.Server();
        using var rig = await BackupRig.Create(s3, Plan);
        rig.ProvideProgram("mariadb-dump", "#!/bin/sh\necho 'mariadb-dump: Got error: 2002: Can'\\''t connect' >&2\nexit 2\n");

        var failed = await rig.Backup();

        Assert.NotEqual(0, failed.ExitCode);
        var status = rig.Status();
        Assert.Equal("failed", status["result"]);
        Assert.False(status.ContainsKey(BackupSizeFields.SizeBytes));
        Assert.False(status.ContainsKey(BackupSizeFields.AddedBytes));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
