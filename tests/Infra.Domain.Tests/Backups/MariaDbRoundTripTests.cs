using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>A real MariaDB dumped with mariadb-dump --single-transaction, lost, and restored into a fresh server row for row.</summary>
[Trait(RequiresProgram.Trait, "mariadbd")]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
[Trait(RequiresProgram.Trait, "mariadb-dump")]
public sealed class MariaDbRoundTripTests
{
    private const string RootPassword = "maria-s3cret";

    private const string Schema = """
        CREATE DATABASE gallery;
        USE gallery;
        CREATE TABLE albums (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, note TEXT NULL) ENGINE=InnoDB;
        CREATE TABLE photos (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          album_id INT NOT NULL,
          caption VARCHAR(300),
          size_bytes BIGINT NOT NULL,
          thumbnail VARBINARY(64),
          taken_at DATETIME(3) NOT NULL,
          FOREIGN KEY (album_id) REFERENCES albums(id)) ENGINE=InnoDB;
        INSERT INTO albums
          SELECT seq, CONCAT('album ', seq, ' with \'quotes\', a tab\t and a\nnewline'), IF(seq % 4 = 0, NULL, 'shared') FROM seq_1_to_200;
        INSERT INTO photos (album_id, caption, size_bytes, thumbnail, taken_at)
          SELECT 1 + seq % 200, CONCAT('photo ', seq), seq * 1024, UNHEX(SHA2(seq, 256)), TIMESTAMP('2026-01-01') + INTERVAL seq * 13 MINUTE FROM seq_1_to_2500;
        """;

    private const string Contents = """
        SELECT 'album', id, TO_BASE64(title), IFNULL(note, '<null>') FROM gallery.albums
        UNION ALL
        SELECT 'photo', id, CONCAT(album_id, ' ', caption, ' ', size_bytes), CONCAT(HEX(thumbnail), ' ', taken_at) FROM gallery.photos
        ORDER BY 1, 2
        """;

    private const string NextPhotoId = "SELECT AUTO_INCREMENT FROM information_schema.tables WHERE table_schema = 'gallery' AND table_name = 'photos'";

    [SkippableFact]
    public async Task Rows_come_back_exactly_into_a_rebuilt_server()
    {
        RequiresProgram.Program("restic");
        RequiresProgram.Program("mariadb-dump");
        await using var s3 = await S3Server.Start();
        var maria = await MariaDbServer.Start(RootPassword);
        var port = maria.Port;
        var plan = new BackupPlan("test", [new DatabaseBackup("shop", AccessoryKind.Mariadb, port, "gallery", "gallery")], [], new RetentionSettings());
        try
        {
            using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["MARIADB_ROOT_PASSWORD"] = RootPassword });
            await maria.Rows(Schema);
            var backedUp = await maria.Rows(Contents);
            Assert.Equal(2700, backedUp.Count);
            var nextPhotoId = await maria.Rows(NextPhotoId);

            var backup = await rig.Backup();
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            Assert.Equal("kind=database,name=shop", Assert.Single(await rig.Snapshots()).Tags);

            await maria.DisposeAsync();
            maria = await MariaDbServer.Start(RootPassword, port);
            Assert.Empty(await maria.Rows("SHOW DATABASES LIKE 'gallery'"));

            var restore = await rig.Restore("database", "shop");
            Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
            Assert.Equal(backedUp, await maria.Rows(Contents));
            Assert.Equal(nextPhotoId, await maria.Rows(NextPhotoId));
        }
        finally
        {
            await maria.DisposeAsync();
        }
    }
}
