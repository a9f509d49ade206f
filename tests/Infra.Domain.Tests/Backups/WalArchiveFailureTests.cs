using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// The archive volume cannot be written (full, read-only, gone): PostgreSQL keeps every segment in
/// pg_wal, the shipper and the backup fail loudly with how far archiving is behind, and once the
/// volume is writable again every segment arrives in the bucket, none missing.
/// </summary>
[Trait(RequiresProgram.Trait, "postgres")]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class WalArchiveFailureTests
{
    [SkippableFact]
    public async Task A_failing_archive_command_keeps_the_wal_says_how_far_behind_and_loses_nothing()
    {
        await using var db = await ArchivingPostgres.Start();
        var (rig, pg, archive) = (db.Rig, db.Pg, db.Archive);
        await pg.Rows("CREATE TABLE t (x int)");
        await db.WaitUntilArchived();
        Assert.Equal(0, (await rig.ShipWal()).ExitCode);

        // The volume becomes unwritable for the server (root keeps it, as a fresh volume would be).
        Assert.Equal(0, (await ProcessRunner.Run("chown", ["root", archive])).ExitCode);
        for (var i = 0; i < 3; i++)
        {
            await pg.Rows($"INSERT INTO t VALUES ({i}); SELECT pg_switch_wal()");
        }

        await db.WaitFor("SELECT failed_count > 0 FROM pg_stat_archiver");
        var waiting = await pg.Rows("SELECT name FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready' ORDER BY name");
        Assert.True(waiting.Count >= 3, string.Join(", ", waiting));
        // PostgreSQL still has every segment it could not archive.
        var inPgWal = await pg.Rows("SELECT name FROM pg_ls_waldir()");
        Assert.All(waiting, ready => Assert.Contains(ready.Replace(".ready", "", StringComparison.Ordinal), inPgWal));

        var shipped = await rig.ShipWal();
        Assert.Equal(1, shipped.ExitCode);
        var behind = ArchivingPostgres.Behind().Match(shipped.Error);
        Assert.True(behind.Success, shipped.Error);
        var segments = int.Parse(behind.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(segments >= waiting.Count, shipped.Error);
        Assert.Equal((segments * 16.0).ToString("F1", CultureInfo.InvariantCulture), behind.Groups[2].Value);
        Assert.Contains("archive_command of 'db' is failing", shipped.Error);
        Assert.StartsWith("WAL archiving behind by", rig.Status()["message"]);
        Assert.Equal("failed", rig.Status()["result"]);

        // The backup says the same, and so never reports ok (nor pings its heartbeat) while archiving is behind.
        var backup = await rig.Backup();
        Assert.NotEqual(0, backup.ExitCode);
        Assert.Matches(ArchivingPostgres.Behind(), rig.Status()["message"]);

        // The volume is writable again: the archiver catches up, the shipper ships it all, status clears.
        Assert.Equal(0, (await ProcessRunner.Run("chown", ["postgres", archive])).ExitCode);
        await pg.Rows("INSERT INTO t VALUES (99); SELECT pg_switch_wal()");
        await db.WaitUntilArchived();
        var caughtUp = await rig.ShipWal();
        Assert.True(caughtUp.ExitCode == 0, caughtUp.Output + caughtUp.Error);
        var again = await rig.Backup();
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal("ok", rig.Status()["result"]);

        var listing = await rig.Restic("ls", "--no-lock", "latest", "--tag", "kind=wal,name=db");
        Assert.True(listing.ExitCode == 0, listing.Error);
        var numbers = listing.Output.Split('\n')
            .Select(line => Path.GetFileName(line.Trim()))
            .Where(name => ArchivingPostgres.SegmentName().IsMatch(name))
            .Select(name => Convert.ToInt64(name[8..16], 16) * 256 + Convert.ToInt64(name[16..], 16))
            .Order()
            .ToList();
        Assert.True(numbers.Count >= segments + 1, listing.Output);
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(i => numbers[0] + i), numbers);
    }

    [SkippableFact]
    public async Task The_archive_command_never_replaces_a_segment_and_fails_when_it_cannot_write()
    {
        RequiresProgram.Program("sh");
        var folder = Directory.CreateTempSubdirectory("infra-archive-command-");
        try
        {
            var archive = Directory.CreateDirectory(Path.Combine(folder.FullName, "archive")).FullName;
            var data = Directory.CreateDirectory(Path.Combine(folder.FullName, "data", "pg_wal")).Parent!.FullName;
            const string Segment = "000000010000000000000007";
            var source = Path.Combine(data, "pg_wal", Segment);
            await File.WriteAllTextAsync(source, "first content");
            Assert.Equal(0, (await ProcessRunner.Run("chmod", ["-R", "0755", folder.FullName])).ExitCode);
            Assert.Equal(0, (await ProcessRunner.Run("chown", ["-R", "postgres", folder.FullName])).ExitCode);

            Assert.Equal(0, (await Archive(archive, data, Segment)).ExitCode);
            Assert.Equal("first content", await File.ReadAllTextAsync(Path.Combine(archive, Segment)));
            Assert.Equal(0, (await Archive(archive, data, Segment)).ExitCode); // archived again after a crash: same content, fine

            await File.WriteAllTextAsync(source, "other content");
            Assert.NotEqual(0, (await Archive(archive, data, Segment)).ExitCode);
            Assert.Equal("first content", await File.ReadAllTextAsync(Path.Combine(archive, Segment)));

            Assert.Equal(0, (await ProcessRunner.Run("chown", ["root", archive])).ExitCode);
            Assert.NotEqual(0, (await Archive(archive, data, "000000010000000000000008", create: true)).ExitCode);
            Assert.Equal([Segment], Directory.GetFiles(archive).Select(Path.GetFileName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // As PostgreSQL runs it: through sh, in the data folder, as the server's user, %p and %f filled in.
    private static async Task<ProcessResult> Archive(string archive, string data, string segment, bool create = false)
    {
        if (create)
        {
            await File.WriteAllTextAsync(Path.Combine(data, "pg_wal", segment), "new");
        }

        var command = WalArchiving.ArchiveCommand(archive).Replace("%p", $"pg_wal/{segment}", StringComparison.Ordinal).Replace("%f", segment, StringComparison.Ordinal);
        return await ProcessRunner.Run("runuser", ["-u", "postgres", "--", "sh", "-c", $"cd {data} && {command}"]);
    }
}
