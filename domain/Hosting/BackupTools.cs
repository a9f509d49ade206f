using System.Security.Cryptography;
using System.Text;
using Infra.Domain.Backups;
using Infra.Domain.Releases;
using Infra.Domain.Servers;

namespace Infra.Domain.Hosting;

/// <summary>
/// The local stack's backup and restore run in a helper container, so the host needs nothing but
/// Docker (no restic, flock or GNU tools, and no path into Docker's own folders). Its image is built
/// on the engine by <c>docker build</c> from three pinned images, with no network and no build context:
/// the helper image (bash, coreutils, flock, find, grep), restic from the official restic image, and
/// the docker client from the official Docker CLI image (the scripts dump and load databases with
/// <c>docker exec</c> in the accessories, through the engine's socket, mounted into the helper).
/// The scripts, the repository's credentials (root only) and the state (last-status, the lock) live
/// on the named volume <see cref="Volume"/>; Docker's volume folder is mounted for volume backups.
/// A person (or the release tool) runs them through the wrappers on the host, which run only docker;
/// the long-running container of <see cref="Schedule"/> runs them on the schedule.
/// </summary>
public sealed record BackupTools(DockerNames Names, string HostBin)
{
    /// <summary>The official restic image; restic is copied from <see cref="ResticPath"/>.</summary>
    public const string ResticImage = "restic/restic:0.17.3";

    public const string ResticPath = "/usr/bin/restic";

    /// <summary>The official Docker CLI image; the client is copied from <see cref="DockerCliPath"/>.</summary>
    public const string DockerCliImage = "docker:27.3.1-cli";

    public const string DockerCliPath = "/usr/local/bin/docker";

    /// <summary>The engine's socket, where the docker client in the helper reaches it (Linux and Docker Desktop alike).</summary>
    public const string DockerSocket = "/var/run/docker.sock";

    /// <summary>Where the backup volume is mounted inside the helper: scripts, credentials and state.</summary>
    public const string Root = "/infra";

    /// <summary>Where Docker's volume folder is mounted inside the helper.</summary>
    public const string VolumesRoot = "/docker-volumes";

    /// <summary>Asks the engine where it keeps its data (Docker's volume folder is <see cref="VolumesFolder"/> of it).</summary>
    public const string DockerRootQuery = "docker info --format '{{.DockerRootDir}}'";

    /// <summary>Docker's volume folder under the engine's data folder (its DockerRootDir).</summary>
    public static string VolumesFolder(string dockerRoot) => $"{dockerRoot}/volumes";

    /// <summary>Where the host's folder for the wrappers is mounted inside the installer.</summary>
    public const string HostBinMount = "/host-bin";

    /// <summary>What a person runs on the host: the installed script of the same name, in the helper.</summary>
    public static readonly IReadOnlyList<string> Wrappers = [BackupScript.Name, RestoreScript.Name, BackupInstall.RunNowScriptName];

    /// <summary>The local stack's: wrappers in its host folder (<see cref="HostLayout.Wrappers"/>).</summary>
    public static BackupTools For(Settings.StackSettings settings) =>
        new(DockerNames.For(settings), HostLayout.For(settings).Wrappers);

    public static string Dockerfile { get; } = Template.Fill("Hosting/backup-tools.Dockerfile", new Dictionary<string, string>
    {
        ["helperImage"] = HelperImage.Reference,
        ["resticImage"] = ResticImage,
        ["resticPath"] = ResticPath,
        ["dockerCliImage"] = DockerCliImage,
        ["dockerCliPath"] = DockerCliPath,
    });

    /// <summary>The local tag of the built image, named by the hash of what it is built from.</summary>
    public static string Image { get; } = "infra-backup-tools:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Dockerfile)))[..16];

    /// <summary>
    /// Prints the ID of the built <see cref="Image"/>, for a container declared on it: Docker keeps a
    /// container's image as its ID, so a container declared with the tag would differ from it on every
    /// deploy and be replaced each time.
    /// </summary>
    public static string ImageIdQuery { get; } = $"docker image inspect --format '{{{{.Id}}}}' {ShellQuote.Word(Image)}";

    /// <summary>The named volume with the scripts, the credentials and the state.</summary>
    public string Volume => Names.Volume("backup");

    /// <summary>Paths as the scripts see them inside the helper; the release tool runs them through <see cref="HostBin"/>.</summary>
    public BackupHostLayout Layout => BackupHostLayout.Local(Root) with { VolumesRoot = VolumesRoot, HostBin = HostBin };

    /// <summary>
    /// The install command of the local stack: the image built (cached by Docker's build cache; the base
    /// images must be on the engine), then the install script run
    /// in the helper with the backup volume and the host's wrapper folder mounted; the command's standard
    /// input (the credentials) reaches the script.
    /// </summary>
    public string Install(BackupPlan plan, string cronSchedule)
    {
        var script = BackupInstall.Render(plan, cronSchedule, Layout, Wrappers.Select(w => ($"{HostBinMount}/{w}", Wrapper(w))).ToList());
        return Template.Fill("Hosting/backup-tools-install.sh", new Dictionary<string, string>
        {
            ["image"] = ShellQuote.Word(Image),
            ["dockerfile"] = Dockerfile,
            ["install"] = Helper("install", HelperEntry.Argument, script, [(HostBin, HostBinMount)]).CommandLine(),
        });
    }

    /// <summary>The container that runs the backup and the WAL shipping on the stack's schedule.</summary>
    public BackupSchedule Schedule(BackupPlan plan, string cronSchedule) => new(this, plan, cronSchedule);

    /// <summary>
    /// The wrapper a person runs on the host for <paramref name="script"/>: one of <see cref="Wrappers"/>, or
    /// <see cref="WalShipScript.Name"/> (the scheduler ships WAL; a test or a person may run it too).
    /// </summary>
    public string Wrapper(string script)
    {
        var installed = new[] { Layout.RestoreScript, Layout.WalShipScript }.FirstOrDefault(s => Path.GetFileName(s) == script) ?? Layout.BackupScript;
        var run = Helper(script, HelperEntry.File, "", []) with { ScriptFile = installed };
        return Template.Fill("Hosting/backup-wrapper.sh", new Dictionary<string, string>
        {
            ["script"] = script,
            ["stack"] = Names.Stack,
            ["run"] = run.CommandLine(passArguments: true),
        });
    }

    private HelperRun Helper(string step, HelperEntry entry, string script, IReadOnlyList<(string, string)> extraMounts) => new()
    {
        Name = Names.Container($"backup-{step}"),
        Image = Image,
        Entry = entry,
        Script = script,
        Network = Names.Network,
        Mounts = [.. Mounts, .. extraMounts],
        // Asked of the engine where the command runs: the same line works on Linux and Docker Desktop.
        ExpandedMounts = [(VolumesFolder($"$({DockerRootQuery})"), VolumesRoot)],
        Environment = Environment,
    };

    /// <summary>
    /// What every helper of these tools mounts besides Docker's volume folder (at <see cref="VolumesRoot"/>):
    /// the backup volume and the engine's socket. A source starting with '/' is a host path, as for docker.
    /// </summary>
    public IReadOnlyList<(string Source, string Target)> Mounts => [(Volume, Root), (DockerSocket, DockerSocket)];

    /// <summary>Where the scripts find their credentials, their state and Docker's volumes inside a helper.</summary>
    public IReadOnlyList<string> Environment =>
        [$"BACKUP_ENV_FILE={Layout.EnvironmentFile}", $"BACKUP_STATE_DIR={Layout.StateDirectory}", $"BACKUP_VOLUMES_ROOT={VolumesRoot}"];
}
