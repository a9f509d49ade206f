using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// On the server (the default, BACKUP_ACCESSORIES=docker) dumps and loads run inside the accessory's
/// container. A stand-in <c>docker</c> records how it is called and runs the command here.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class DockerExecTests
{
    private const string FakeDocker = """
        #!/bin/sh
        # Records the call, then runs the command as `docker exec -i <container> sh -c <command>` would.
        printf '%s\n' "$*" >> "$(dirname "$0")/docker.log"
        [ "$1" = exec ] && [ "$2" = -i ] && [ "$3" = test_db ] || { echo "unexpected docker call: $*" >&2; exit 64; }
        shift 3
        exec "$@"
        """;

    [SkippableFact]
    public async Task Dumps_and_loads_run_in_the_accessorys_container()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, 5432, "app", "app")], [], new RetentionSettings());
        // In the container the password is in the variable the image was started with.
        using var rig = await BackupRig.Create(s3, plan, databaseVariables: new() { ["POSTGRES_PASSWORD"] = "from-the-container" });
        rig.Accessories = "docker";
        rig.ProvideProgram("docker", FakeDocker);
        rig.ProvideProgram("pg_dump", $"#!/bin/sh\necho \"-- dump as $PGPASSWORD\"\necho '{DatabaseCommands.EndMarker(AccessoryKind.Postgres)}'\n");
        rig.ProvideProgram("pg_basebackup", "#!/bin/sh\necho \"base backup as $PGPASSWORD\"\n");
        // The shipper asks the archiver's state through the same admin psql; the restore's load is kept.
        rig.ProvideProgram("psql", "#!/bin/sh\ninput=\"$(cat)\"\ncase \"$input\" in *pg_stat_archiver*) echo '0 0 16777216 ok -' ;; *) printf '%s\\n' \"$input\" > \"$(dirname \"$0\")/loaded.sql\" ;; esac\n");
        var log = Path.Combine(rig.Dir("bin"), "docker.log");

        var backup = await rig.Backup();
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        var restore = await rig.Restore("database", "db");
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);

        var calls = await File.ReadAllLinesAsync(log);
        // The container's Docker name is scoped by the stack ("test"); the base backup is taken inside it too.
        Assert.Equal($"exec -i test_db sh -c {DatabaseCommands.Dump(plan.Databases[0])}", calls[0]);
        Assert.Matches(
            "^exec -i test_db sh -c " + System.Text.RegularExpressions.Regex.Escape(DatabaseCommands.BaseBackup(plan.Databases[0]))
                .Replace(DatabaseCommands.BaseLabelPlaceholder, "infra-base-db-[0-9]{8}T[0-9]{6}Z", StringComparison.Ordinal) + "$",
            calls[1]);
        Assert.Equal($"exec -i test_db sh -c {DatabaseCommands.Admin(plan.Databases[0])}", calls[2]);
        Assert.Equal($"exec -i test_db sh -c {DatabaseCommands.Load(plan.Databases[0])}", calls[^1]);
        Assert.Equal(4, calls.Length);
        // The dump arrives whole, inside the transaction the restore commits only once it is complete.
        var loaded = await File.ReadAllLinesAsync(Path.Combine(rig.Dir("bin"), "loaded.sql"));
        Assert.Equal("BEGIN;", loaded[0]);
        Assert.Equal(["-- dump as from-the-container", DatabaseCommands.EndMarker(AccessoryKind.Postgres), "COMMIT;"], loaded[^3..]);
    }
}
