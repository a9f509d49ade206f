using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// A real PostgreSQL backed up by the rendered script into a real S3 bucket, then restored by the
/// rendered restore script: over changed data in the live database, and into a freshly built one.
/// </summary>
[Trait(RequiresProgram.Trait, "postgres")]
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class PostgresRoundTripTests
{
    private const string DbPassword = "pg-s3cret";

    private const string Schema = """
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, note text);
        CREATE TABLE orders (
          id bigserial PRIMARY KEY,
          customer_id int NOT NULL REFERENCES customers(id),
          total numeric(12,2) NOT NULL,
          tags text[],
          receipt bytea,
          placed_at timestamptz NOT NULL);
        INSERT INTO customers
          SELECT g, 'customer ' || g || E' with ''quotes'', a tab\t and a\nnewline', CASE WHEN g % 5 = 0 THEN NULL ELSE 'vip' END
          FROM generate_series(1, 300) g;
        INSERT INTO orders (customer_id, total, tags, receipt, placed_at)
          SELECT 1 + g % 300, g * 1.25, ARRAY['web', 'n' || g], decode(md5(g::text) || md5((g * 7)::text), 'hex'),
                 timestamptz '2026-01-01 00:00:00+00' + g * interval '17 minutes'
          FROM generate_series(1, 3000) g;
        """;

    private const string Contents = """
        SELECT 'customer', c.id::text, to_json(c.name)::text, coalesce(c.note, '<null>') FROM customers c
        UNION ALL
        SELECT 'order', o.id::text, o.customer_id || ' ' || o.total || ' ' || array_to_string(o.tags, ','), encode(o.receipt, 'hex') || ' ' || o.placed_at
        FROM orders o
        ORDER BY 1, 2
        """;

    [SkippableFact]
    public async Task Rows_come_back_exactly_over_a_changed_database_and_into_a_rebuilt_one()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var pg = await PostgresServer.Start("app", DbPassword);
        var port = pg.Port;
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, port, "app", "app")], [], new RetentionSettings());
        try
        {
            using var heartbeat = new HeartbeatListener();
            using var rig = await BackupRig.Create(s3, plan, heartbeat.Url, new() { ["POSTGRES_PASSWORD"] = DbPassword });
            await pg.Rows(Schema);
            var backedUp = await pg.Rows(Contents);
            Assert.Equal(3300, backedUp.Count);

            var backup = await rig.Backup();
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            Assert.Equal("ok", rig.Status()["result"]);
            Assert.Equal(1, heartbeat.Pings);
            var snapshots = await rig.Snapshots();
            var snapshot = Assert.Single(snapshots, s => s.Tags == "kind=database,name=db");
            // Beside the dump, a base backup for point-in-time recovery.
            Assert.Single(snapshots, s => s.Tags == "kind=base,name=db");

            // Changes after the backup are undone by restoring over the live database.
            await pg.Rows("DELETE FROM orders WHERE id % 3 = 0; UPDATE customers SET name = 'changed'; CREATE TABLE stray (x int)");
            var overLive = await rig.Restore("database", "db");
            Assert.True(overLive.ExitCode == 0, overLive.Output + overLive.Error);
            Assert.Equal(backedUp, await pg.Rows(Contents));

            // The accessory and its volume are lost; a new one starts empty and gets the dump.
            await pg.DisposeAsync();
            pg = await PostgresServer.Start("app", DbPassword, port);
            Assert.Empty(await pg.Rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
            var intoFresh = await rig.Restore("database", "db", snapshot.Id[..8]);
            Assert.True(intoFresh.ExitCode == 0, intoFresh.Output + intoFresh.Error);
            Assert.Equal(backedUp, await pg.Rows(Contents));

            // The sequence behind orders.id was restored too: new rows continue after the old ones.
            Assert.Equal(["3001"], await pg.Rows("INSERT INTO orders (customer_id, total, placed_at) VALUES (1, 1, now()) RETURNING id"));

            // A restore drill loads the dump into a new database beside the live one, which stays as it is.
            await pg.Rows("UPDATE customers SET name = 'live change'");
            var live = await pg.Rows(Contents);
            var intoCopy = await rig.Restore("database", "db", "latest", "drill_copy");
            Assert.True(intoCopy.ExitCode == 0, intoCopy.Output + intoCopy.Error);
            Assert.Equal(backedUp, await pg.Rows(Contents, "drill_copy"));
            Assert.Equal(live, await pg.Rows(Contents));

            var badName = await rig.Restore("database", "db", "latest", "copy; drop");
            Assert.Equal(1, badName.ExitCode);
            Assert.Contains("'copy; drop' is not a database name", badName.Error);
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }
}
