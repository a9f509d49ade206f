using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Hosting;
using Infra.Domain.Tests.Support;
using Xunit.Abstractions;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Point-in-time recovery as the local stack runs it, on the real engine with only docker on the host's
/// PATH: the stack's backup install (its helper image built from the stand-ins of the images it pins),
/// the backup store (the MinIO stand-in) on the stack's network, the accessory's container (Debian's
/// PostgreSQL 15 stand-in), and the wrappers on the host. The scratch server is a container of the
/// accessory's own image started by the helper through the engine's socket, its data on a volume of its own.
/// </summary>
[Collection(LocalStackOnDockerTests.Name)]
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
[Trait(RequiresProgram.Trait, "postgres")]
public sealed class LocalStackRecoveryOnDockerTests(ITestOutputHelper output)
{
    /// <summary>The local stack's backup store: its alias, port and command (components/LocalBackupStore.cs).</summary>
    private const string Store = "backup-store";
    private const int StorePort = 9000;

    [SkippableFact]
    public async Task The_helper_recovers_exactly_to_a_time_into_a_new_database_and_in_place_with_only_docker_on_the_path()
    {
        var stack = $"l{Guid.NewGuid():N}"[..9];
        await using var db = await PostgresAccessoryOnDocker.Start(stack);
        var names = db.Names;
        var hostRoot = Directory.CreateTempSubdirectory("infra-local-pitr-").FullName;
        try
        {
            var helper = await DockerEngine.Image("haproxy");
            var storeKey = $"k{Guid.NewGuid():N}";
            await Docker("run", "-d", "--name", names.Container(Store), "--network", names.Network, "--network-alias", Store,
                "--env", "MINIO_ROOT_USER=infra-local", "--env", $"MINIO_ROOT_PASSWORD={storeKey}",
                "--volume", $"{names.Volume(Store + "-data")}:/data", await DockerEngine.Image("s3-store"), "server", "/data");
            var storeReady = await DockerEngine.RunOnBareHost(new ReadinessProbe(Store, StorePort, "/minio/health/live").HostCommand(names, seconds: 60, helperImage: helper));
            Assert.True(storeReady.ExitCode == 0, storeReady.Output + storeReady.Error);

            // The stack's install, its pinned images mapped to the stand-ins as the engine tests map them.
            var plan = new BackupPlan(stack, [new DatabaseBackup("db", AccessoryKind.Postgres, db.Settings.Port, "app", "app")], [], new RetentionSettings());
            var tools = new BackupTools(names, Path.Combine(hostRoot, "bin"));
            var install = tools.Install(plan, "0 2 * * *")
                .Replace(HelperImage.Reference, helper, StringComparison.Ordinal)
                .Replace(BackupTools.ResticImage, await DockerEngine.Image("restic"), StringComparison.Ordinal)
                .Replace(BackupTools.DockerCliImage, await DockerEngine.Image("docker-cli"), StringComparison.Ordinal);
            var credentials = BackupEnvironmentFile.Render(new BackupEnvironment(
                $"s3:http://{Store}:{StorePort}/pitr/restic", $"r{Guid.NewGuid():N}", "infra-local", storeKey));
            var installed = await DockerEngine.RunOnBareHost(install, credentials, TimeSpan.FromMinutes(5));
            Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);
            var shipper = Path.Combine(tools.HostBin, WalShipScript.Name);
            ExecutableFile.Write(shipper, tools.Wrapper(WalShipScript.Name));

            await db.Rows("CREATE TABLE ticks (id bigserial PRIMARY KEY)");
            var backup = await DockerEngine.RunOnBareHost($"{tools.HostBin}/{BackupInstall.RunNowScriptName}", timeout: TimeSpan.FromMinutes(5));
            Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
            await Task.Delay(TimeSpan.FromSeconds(2)); // the oldest reachable point is the whole second after the base backup ended
            var first = await db.CommitSpaced(8);
            var second = await db.CommitSpaced(8);
            await db.SwitchAndWaitArchived();
            var shipped = await DockerEngine.RunOnBareHost(shipper, timeout: TimeSpan.FromMinutes(3));
            Assert.True(shipped.ExitCode == 0, shipped.Output + shipped.Error);
            var all = first.Concat(second).Select(r => r.Id).ToList();

            // Into a new database: exactly the rows committed at or before the time, the live one untouched.
            var into = await Restore($"database db --to {PostgresAccessoryOnDocker.JustAfter(first[^1])} at_first");
            Assert.Contains("recovered database 'db' to ", into.Output);
            Assert.Equal(first.Select(r => r.Id), await db.Ids("at_first"));
            Assert.Equal(all, await db.Ids());

            var latest = await Restore("database db --to latest at_latest");
            Assert.Equal(all, await db.Ids("at_latest"));

            // In place, through the helper's view of Docker's volume folder.
            var inPlace = await Restore($"database db --to {PostgresAccessoryOnDocker.JustAfter(second[2])} --in-place");
            Assert.Equal(first.Concat(second.Take(3)).Select(r => r.Id), await db.Ids());

            // Back to the data it had, as it says, with only docker.
            var back = await DockerEngine.RunOnBareHost(InPlaceRecoveryOnDockerTests.GoBack().Match(inPlace.Output).Groups[1].Value);
            Assert.True(back.ExitCode == 0, back.Output + back.Error);
            Assert.Equal(all, await db.Ids());

            // No scratch server or volume is left behind.
            Assert.Empty(await db.Named("db-pitr-"));
        }
        finally
        {
            Directory.Delete(hostRoot, recursive: true);
        }

        async Task<ProcessResult> Restore(string arguments)
        {
            var run = await DockerEngine.RunOnBareHost($"{Path.Combine(hostRoot, "bin")}/infra-restore {arguments}", timeout: TimeSpan.FromMinutes(5));
            output.WriteLine($"infra-restore {arguments}\n{run.Output}{run.Error}");
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            return run;
        }
    }

    private static async Task Docker(params string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }
}
