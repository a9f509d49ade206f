using System.Text.RegularExpressions;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// A real S3 server, a backup rig for one PostgreSQL accessory <c>db</c>, and PostgreSQL 15 archiving
/// its WAL into the rig's archive volume with the stack's own archive settings: the setup the WAL
/// archiving failure tests share.
/// </summary>
public sealed partial class ArchivingPostgres(S3Server s3, BackupRig rig, string archive, PostgresServer pg) : IAsyncDisposable
{
    public const string Accessory = "db";

    private const string DbPassword = "pg-s3cret";

    public S3Server S3 { get; } = s3;

    public BackupRig Rig { get; } = rig;

    /// <summary>The archive volume's folder, which the server's archive_command writes into.</summary>
    public string Archive { get; } = archive;

    public PostgresServer Pg { get; } = pg;

    public static async Task<ArchivingPostgres> Start()
    {
        RequiresProgram.Program("restic");
        var s3 = await S3Server.Start();
        try
        {
            var plan = new BackupPlan("test", [new DatabaseBackup(Accessory, AccessoryKind.Postgres, FreePort.Next(), "app", "app")], [], new RetentionSettings());
            var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = DbPassword });
            try
            {
                var archive = await rig.WalArchive(Accessory);
                // archive_timeout 60 s: the tests close segments themselves with pg_switch_wal().
                var pg = await PostgresServer.Start("app", DbPassword, plan.Databases[0].Port, WalArchiving.ServerArguments(archive, archiveTimeoutSeconds: 60));
                return new ArchivingPostgres(s3, rig, archive, pg);
            }
            catch
            {
                rig.Dispose();
                throw;
            }
        }
        catch
        {
            await s3.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (at most 60 s) until the server has handed every finished segment to its archive_command.</summary>
    public Task WaitUntilArchived() => WaitUntilArchived(Pg);

    /// <inheritdoc cref="WaitUntilArchived()"/>
    public static Task WaitUntilArchived(PostgresServer pg) => WaitFor(pg, "SELECT count(*) = 0 FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'");

    /// <summary>Waits (at most 60 s) until <paramref name="condition"/>, a boolean query, answers true.</summary>
    public Task WaitFor(string condition) => WaitFor(Pg, condition);

    private static async Task WaitFor(PostgresServer pg, string condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await pg.Rows(condition)).SingleOrDefault() != "t")
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {condition}");
            await Task.Delay(250);
        }
    }

    /// <summary>The WAL segments in the archive volume.</summary>
    public IEnumerable<string> ArchivedSegments() =>
        Directory.GetFiles(Archive).Select(Path.GetFileName).OfType<string>().Where(name => SegmentName().IsMatch(name));

    /// <summary>The shipper's record for the accessory, as key=value lines in the backup's state folder.</summary>
    public Dictionary<string, string> ShipperRecord() =>
        File.ReadAllLines(Path.Combine(Rig.StateDirectory, WalArchiving.StatusFileName(Accessory)))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>What the shipper and the backup say when archiving is behind: segments, then MiB.</summary>
    [GeneratedRegex(@"WAL archiving behind by (\d+) segments / ([0-9.]+) MiB")]
    public static partial Regex Behind();

    [GeneratedRegex("^[0-9A-F]{24}$")]
    public static partial Regex SegmentName();

    public async ValueTask DisposeAsync()
    {
        await Pg.DisposeAsync();
        Rig.Dispose();
        await S3.DisposeAsync();
    }
}
