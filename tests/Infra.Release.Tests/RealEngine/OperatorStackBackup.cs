using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;

namespace Infra.Release.Tests.RealEngine;

/// <summary>
/// The local stack's backup on the real engine, as the stack installs it: the backup store (the MinIO
/// stand-in) on the stack's network under its alias, the backup tools' install (the helper image built
/// from the stand-ins of the images it pins, the scripts and state in the stack's backup volume, the
/// wrappers in its host folder), its scheduler container (<see cref="BackupSchedule"/>), and runs of its
/// own wrappers with only docker on the path.
/// </summary>
public sealed class OperatorStackBackup(StackSettings settings, string helper)
{
    /// <summary>The local stack's backup store: its alias and port (components/LocalBackupStore.cs).</summary>
    private const string Store = "backup-store";
    private const int StorePort = 9000;
    private const string StoreUser = "infra-local";

    private readonly DockerNames _names = DockerNames.For(settings);

    public BackupTools Tools { get; } = BackupTools.For(settings);

    /// <summary>Starts the store and installs the backup tools into it (the install creates the repository).</summary>
    public async Task InstallAsync()
    {
        var storeKey = $"k{Guid.NewGuid():N}";
        await Docker("run", "-d", "--name", _names.Container(Store), "--network", _names.Network, "--network-alias", Store,
            "--env", $"MINIO_ROOT_USER={StoreUser}", "--env", $"MINIO_ROOT_PASSWORD={storeKey}",
            "--volume", $"{_names.Volume(Store + "-data")}:/data", await DockerEngine.Image("s3-store"), "server", "/data");
        var ready = await DockerEngine.RunOnBareHost(new ReadinessProbe(Store, StorePort, "/minio/health/live").HostCommand(_names, seconds: 60, helperImage: helper));
        Assert.True(ready.ExitCode == 0, ready.Output + ready.Error);

        var install = Tools.Install(BackupPlan.For(settings), settings.Backup!.Schedule)
            .Replace(HelperImage.Reference, helper, StringComparison.Ordinal)
            .Replace(BackupTools.ResticImage, await DockerEngine.Image("restic"), StringComparison.Ordinal)
            .Replace(BackupTools.DockerCliImage, await DockerEngine.Image("docker-cli"), StringComparison.Ordinal);
        var credentials = BackupEnvironmentFile.Render(new BackupEnvironment(
            $"s3:http://{Store}:{StorePort}/ops/restic", $"r{Guid.NewGuid():N}", StoreUser, storeKey));
        var installed = await DockerEngine.RunOnBareHost(install, credentials, TimeSpan.FromMinutes(5));
        Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);

        // The scheduler ships WAL every few seconds; the test also ships at once through the wrapper a person would run.
        await StartSchedulerAsync();
        var shipper = Path.Combine(Tools.HostBin, WalShipScript.Name);
        await File.WriteAllTextAsync(shipper, Tools.Wrapper(WalShipScript.Name));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shipper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The scheduler's container as the stack declares it (components/BackupJob.cs), with the engine's data folder asked of it.</summary>
    private async Task StartSchedulerAsync()
    {
        var schedule = Tools.Schedule(BackupPlan.For(settings), settings.Backup!.Schedule);
        var dockerRoot = (await DockerEngine.Docker("info", "--format", "{{.DockerRootDir}}")).Output.Trim();
        await Docker(
        [
            "run", "-d", "--name", schedule.ContainerName, "--hostname", schedule.Hostname, "--network", schedule.Network, "--user", schedule.User,
            "--restart", schedule.Restart, "--stop-signal", BackupSchedule.StopSignal,
            "--stop-timeout", BackupSchedule.StopSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. schedule.Init ? ["--init"] : Array.Empty<string>(),
            .. schedule.Mounts(dockerRoot).SelectMany(m => new[] { "--volume", $"{m.Source}:{m.Target}" }),
            .. schedule.Environment.SelectMany(e => new[] { "--env", e }),
            "--label", $"{BackupSchedule.Label.Key}={BackupSchedule.Label.Value}",
            "--entrypoint", schedule.Entrypoint,
            schedule.Image,
            .. schedule.Command,
        ]);
    }

    /// <summary>A backup, then a WAL shipment, each through the stack's wrapper on the host.</summary>
    public async Task BackUpAndShipWalAsync()
    {
        foreach (var wrapper in new[] { BackupInstall.RunNowScriptName, WalShipScript.Name })
        {
            var run = await DockerEngine.RunOnBareHost(Path.Combine(Tools.HostBin, wrapper), timeout: TimeSpan.FromMinutes(5));
            Assert.True(run.ExitCode == 0, $"{wrapper} exited {run.ExitCode}\n{run.Output}{run.Error}");
        }
    }

    /// <summary>Every named volume of the stack (its accessories', the store's, the backup's); its containers must be gone first.</summary>
    public async Task RemoveVolumesAsync()
    {
        var listed = await DockerEngine.Docker("volume", "ls", "--quiet", "--filter", $"name=^{_names.Prefix}");
        foreach (var volume in listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerEngine.Docker("volume", "rm", "-f", volume);
        }
    }

    private static async Task Docker(params string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }
}
