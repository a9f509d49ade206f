using System.Text.Json;
using Infra.Domain.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>A restic snapshot as <c>restic snapshots --json</c> lists it; Tags joined by commas.</summary>
public sealed record ResticSnapshot(string Id, DateTimeOffset Time, string Tags);

/// <summary>
/// The rendered backup and restore scripts installed in a temporary folder, pointed at a fresh
/// repository on a real S3 server, run exactly as the server runs them except for the runtime
/// parameters: dumps go to databases on 127.0.0.1 (BACKUP_ACCESSORIES=local) and volumes live
/// under the rig's folder.
/// </summary>
public sealed class BackupRig : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly DirectoryInfo _directory;
    private readonly S3Server _s3;
    private readonly Dictionary<string, string> _databaseVariables;

    private BackupRig(S3Server s3, DirectoryInfo directory, Dictionary<string, string> databaseVariables)
    {
        _s3 = s3;
        _directory = directory;
        _databaseVariables = databaseVariables;
    }

    public string Repository => _s3.Repository(_directory.Name);

    public string VolumesRoot => Dir("volumes");

    /// <summary>The folder in which s3rver keeps this rig's repository.</summary>
    public string RepositoryDirectory => Path.Combine(_s3.BucketDirectory, _directory.Name);

    public string StateDirectory => Dir("state");

    public string EnvironmentFile => Path.Combine(_directory.FullName, "env");

    public string CheckMarker => Path.Combine(StateDirectory, "last-check");

    /// <summary>BACKUP_ACCESSORIES for the scripts: <c>local</c> (databases on 127.0.0.1) unless a test plays the server.</summary>
    public string Accessories { get; set; } = "local";

    /// <summary>Installs the scripts for the plan and creates the repository with the script's own <c>init</c>.</summary>
    /// <param name="databaseVariables">What each accessory container would have in its environment, e.g. POSTGRES_PASSWORD.</param>
    public static async Task<BackupRig> Create(S3Server s3, BackupPlan plan, string? heartbeatUrl = null, Dictionary<string, string>? databaseVariables = null)
    {
        RequiresProgram.Program("restic");
        var rig = new BackupRig(s3, Directory.CreateTempSubdirectory("infra-backup-"), databaseVariables ?? []);
        Directory.CreateDirectory(rig.VolumesRoot);
        rig.Install(plan);
        foreach (var database in plan.Databases.Where(d => d.ArchivesWal))
        {
            // The archive volume exists beside every backed-up PostgreSQL; tests of archiving point the server at it (WalArchive).
            Directory.CreateDirectory(rig.VolumeData(WalArchiving.VolumeName(database.Name)));
        }

        await rig.WriteEnvironment(Password, heartbeatUrl);
        var init = await rig.Backup("init");
        Assert.True(init.ExitCode == 0, init.Output + init.Error);
        return rig;
    }

    /// <summary>Renders and installs the scripts for a plan; a rig can be re-planned between runs.</summary>
    public void Install(BackupPlan plan)
    {
        _dockerPrefix = new Infra.Domain.Hosting.DockerNames(plan.StackName).Prefix;
        Write(BackupScript.Name, BackupScript.Render(plan));
        Write(RestoreScript.Name, RestoreScript.Render(plan));
        if (plan.ArchivesWal)
        {
            Write(WalShipScript.Name, WalShipScript.Render(plan));
        }
    }

    public Task<ProcessResult> ShipWal() => Run(WalShipScript.Name, []);

    /// <summary>
    /// A database's WAL archive folder where the server's archive_command writes (the accessory's
    /// archive volume), made the postgres user's and reachable by it, as the container's command does.
    /// </summary>
    public async Task<string> WalArchive(string database)
    {
        var archive = Directory.CreateDirectory(VolumeData(WalArchiving.VolumeName(database))).FullName;
        var reachable = await ProcessRunner.Run("chmod", ["0711", _directory.FullName, VolumesRoot, Path.GetDirectoryName(archive)!]);
        Assert.True(reachable.ExitCode == 0, reachable.Error);
        var owned = await ProcessRunner.Run("chown", ["postgres", archive]);
        Assert.True(owned.ExitCode == 0, owned.Error);
        return archive;
    }

    public Task WriteEnvironment(string password, string? heartbeatUrl = null, string? repository = null) =>
        File.WriteAllTextAsync(EnvironmentFile, BackupEnvironmentFile.Render(new BackupEnvironment(
            repository ?? Repository, password, S3Server.AccessKeyId, S3Server.SecretAccessKey, heartbeatUrl, SuccessRecord)));

    /// <summary>Where a successful run records its time for the proxy's backup-freshness answer (as in the proxy's files folder).</summary>
    public string SuccessRecord => Path.Combine(Dir("proxy"), global::Infra.Domain.Monitoring.BackupFreshness.RecordFileName);

    public Task<ProcessResult> Backup(params string[] arguments) => Run(BackupScript.Name, arguments);

    public Task<ProcessResult> Restore(params string[] arguments) => Run(RestoreScript.Name, arguments);

    /// <summary>Runs restic against the rig's repository with the right password, whatever the env file says.</summary>
    public Task<ProcessResult> Restic(params string[] arguments) =>
        ProcessRunner.Run("restic", arguments, Environment(new Dictionary<string, string>
        {
            ["RESTIC_REPOSITORY"] = Repository,
            ["RESTIC_PASSWORD"] = Password,
            ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretAccessKey,
        }), TimeSpan.FromSeconds(120));

    /// <summary>Runs a bash command with the rig's restic environment (repository, password, certificate).</summary>
    public Task<ProcessResult> Shell(string command) =>
        ProcessRunner.Run("bash", ["-c", command], Environment(new Dictionary<string, string>
        {
            ["RESTIC_REPOSITORY"] = Repository,
            ["RESTIC_PASSWORD"] = Password,
            ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretAccessKey,
        }), TimeSpan.FromSeconds(120));

    /// <summary>Saves a database snapshot as the backup would have on an earlier day.</summary>
    public async Task SaveDatabaseSnapshot(string name, DateTime utc)
    {
        var saved = await Shell(
            $"echo '-- dump of {name} taken {utc:O}' | restic backup --quiet --stdin --stdin-filename {name}.sql " +
            $"--tag kind=database,name={name} --time '{utc:yyyy-MM-dd HH:mm:ss}'");
        Assert.True(saved.ExitCode == 0, saved.Error);
    }

    /// <summary>Puts a program first on the scripts' PATH, e.g. a dump that fails halfway.</summary>
    public void ProvideProgram(string name, string script) => Write(Path.Combine("bin", name), script);

    public void RemoveProgram(string name) => File.Delete(Path.Combine(Dir("bin"), name));

    public async Task<IReadOnlyList<ResticSnapshot>> Snapshots()
    {
        // --no-lock: a test looks at the repository as it is, stale locks of killed runs included.
        var listed = await Restic("snapshots", "--json", "--no-lock");
        Assert.True(listed.ExitCode == 0, listed.Error);
        using var json = JsonDocument.Parse(listed.Output);
        return json.RootElement.EnumerateArray()
            .Select(s => new ResticSnapshot(
                s.GetProperty("id").GetString()!,
                s.GetProperty("time").GetDateTimeOffset(),
                s.TryGetProperty("tags", out var tags) ? string.Join(",", tags.EnumerateArray().Select(t => t.GetString())) : ""))
            .OrderBy(s => s.Time)
            .ToList();
    }

    /// <summary>The last-status file the backup leaves on the server: time, result, message.</summary>
    public IReadOnlyDictionary<string, string> Status() => Record("last-status");

    private IReadOnlyDictionary<string, string> Record(string name) =>
        File.ReadAllLines(Path.Combine(StateDirectory, name))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>A volume's data folder where Docker keeps it: its Docker name is scoped by the stack.</summary>
    public string VolumeData(string name) => Path.Combine(VolumesRoot, _dockerPrefix + name, "_data");

    private string _dockerPrefix = "";

    public string Dir(string name) => Directory.CreateDirectory(Path.Combine(_directory.FullName, name)).FullName;

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Extra variables for the scripts, e.g. a short lock wait, or BACKUP_RESTORE_DIR on a small file system.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Starts a script in its own process group, to be stopped as systemd or a terminal stops it.</summary>
    public ScriptRun Start(string script, params string[] arguments) =>
        ScriptRun.Start(Path.Combine(_directory.FullName, script), arguments, ScriptEnvironment());

    /// <summary>The last-restore file: time, result, operation, message.</summary>
    public IReadOnlyDictionary<string, string> RestoreRecord() => Record("last-restore");

    private Task<ProcessResult> Run(string script, string[] arguments) =>
        ProcessRunner.Run(Path.Combine(_directory.FullName, script), arguments, ScriptEnvironment(), TimeSpan.FromSeconds(180));

    private Dictionary<string, string> ScriptEnvironment()
    {
        var variables = Environment(new Dictionary<string, string>
        {
            ["BACKUP_ENV_FILE"] = EnvironmentFile,
            ["BACKUP_ACCESSORIES"] = Accessories,
            ["BACKUP_VOLUMES_ROOT"] = VolumesRoot,
            ["BACKUP_STATE_DIR"] = StateDirectory,
        });
        foreach (var (key, value) in Settings)
        {
            variables[key] = value;
        }

        return variables;
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> variables)
    {
        variables["RESTIC_CACHE_DIR"] = Path.Combine(_directory.FullName, "cache");
        // restic 0.14 has no environment variable for --cacert; Go's TLS reads the trusted roots from here.
        variables["SSL_CERT_FILE"] = _s3.CertificateFile;
        variables["PATH"] = $"{Dir("bin")}:{PostgresServer.Bin}:{System.Environment.GetEnvironmentVariable("PATH")}";
        variables["TZ"] = "UTC";
        foreach (var (key, value) in _databaseVariables)
        {
            variables[key] = value;
        }

        return variables;
    }

    private void Write(string name, string text) => ExecutableFile.Write(Path.Combine(_directory.FullName, name), text);
}
