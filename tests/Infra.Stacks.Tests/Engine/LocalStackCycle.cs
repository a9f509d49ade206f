using System.Globalization;
using System.Text.Json;
using Infra.Components;
using Infra.Domain.Backups;
using System.Text.Json.Nodes;
using Infra.Domain.Configuration;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Servers;
using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Infra.Proxy.Harness;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests.Engine;

/// <summary>
/// The local stack (Pulumi.local.yaml) on the real engine through a release cycle, applied by
/// <see cref="Applier"/>: its image references edited to the stand-ins of tests/images, its proxy ports
/// to free ones, and a stack name of its own so every Docker name is new. Shared by the
/// <c>Requires=docker</c> test and bench/e2e.
/// </summary>
public sealed class LocalStackCycle : IAsyncDisposable
{
    private readonly Dictionary<string, string> _config;
    private readonly List<string> _secretKeys;

    private LocalStackCycle(string stack, Dictionary<string, string> config, List<string> secretKeys, Applier applier, Images images, int publicPort, int previewPort)
    {
        Stack = stack;
        _config = config;
        _secretKeys = secretKeys;
        Applier = applier;
        Stand = images;
        PublicPort = publicPort;
        PreviewPort = previewPort;
    }

    public sealed record Images(string Proxy, string Postgres, string Redis, IReadOnlyDictionary<string, string> Web, IReadOnlyDictionary<string, string> Api, IReadOnlyDictionary<string, string> Pinned);

    public string Stack { get; }
    public Applier Applier { get; }
    public Images Stand { get; }
    public int PublicPort { get; }
    public int PreviewPort { get; }

    public const string ReleaseTask = "migrate";

    /// <summary>The accessory the cycle backs up and restores.</summary>
    public const string BackedUpDatabase = "db";

    /// <summary>The scratch database the backup is restored into.</summary>
    public const string ScratchDatabase = "restored";

    /// <summary>Rows the cycle puts into the backed-up database before the backup.</summary>
    public const int BackupRows = 2500;

    /// <summary>A test-only secret the api receives (as <see cref="RotatedEnv"/>), rotated by the cycle; rotating dbPassword would need the database's own password changed too.</summary>
    public const string RotatedSecret = "e2eToken";

    public const string RotatedEnv = "E2E_TOKEN";

    /// <summary>Each slot's release as last put there (a slot not here is empty), and the slot taking traffic.</summary>
    private readonly Dictionary<string, JsonObject> _slots = new(StringComparer.Ordinal);
    private string _active = Slots.Blue;

    /// <summary>Builds (or finds) the stand-ins: web without a shell, api with one, releases 1 and 2 of each.</summary>
    public static async Task<LocalStackCycle> Create()
    {
        await DockerEngine.Require();
        var images = new Images(
            await DockerEngine.Image("haproxy"),
            await DockerEngine.Image("postgres"),
            await DockerEngine.Image("redis"),
            new Dictionary<string, string> { ["1"] = await DockerEngine.Image("app", "1"), ["2"] = await DockerEngine.Image("app", "2") },
            new Dictionary<string, string> { ["1"] = await DockerEngine.Image("shell-app", "1"), ["2"] = await DockerEngine.Image("shell-app", "2") },
            // Images the program pins itself, not in the stack file: the proxy/helper, the backup tools' bases, the backup store.
            new Dictionary<string, string>
            {
                [ProxyImage.Reference] = await DockerEngine.Image("haproxy"),
                [BackupTools.ResticImage] = await DockerEngine.Image("restic"),
                [BackupTools.DockerCliImage] = await DockerEngine.Image("docker-cli"),
                [LocalBackupStore.Image] = await DockerEngine.Image("s3-store"),
            });
        var file = StackFileConfig.Load(RepoFiles.Path("Pulumi.local.yaml"));
        var config = new Dictionary<string, string>();
        foreach (var key in file.Keys)
        {
            config[key] = file.Get(key)!.Text;
        }

        var secretKeys = TeamSecrets.For("local").Select(ConfigKeys.Full).ToList();
        secretKeys.Add(ConfigKeys.Full(RotatedSecret));
        foreach (var key in secretKeys)
        {
            config[key] = $"e2e-{Guid.NewGuid():N}";
        }

        var publicPort = FreePort.Next();
        var previewPort = FreePort.Next();
        var services = JsonNode.Parse(config["infra:services"])!.AsArray();
        foreach (var service in services)
        {
            var name = (string)service!["name"]!;
            service["image"] = Repository(name == "web" ? images.Web["1"] : images.Api["1"]);
            if (name == "api")
            {
                // Runs from the release's own image with only a shell: proves the secrets arrive on stdin.
                service["releaseTasks"] = new JsonArray(new JsonObject
                {
                    ["name"] = ReleaseTask,
                    ["command"] = new JsonArray("sh", "-c", "test -n \"$DATABASE_PASSWORD\" && echo migrated"),
                    ["timeoutSeconds"] = 60,
                });
                service["secrets"]![RotatedEnv] = RotatedSecret;
            }
        }

        config["infra:services"] = services.ToJsonString();
        var accessories = JsonNode.Parse(config["infra:accessories"])!.AsArray();
        foreach (var accessory in accessories)
        {
            accessory!["image"] = (string)accessory["kind"]! == "postgres" ? images.Postgres : images.Redis;
            if ((string)accessory["name"]! == BackedUpDatabase)
            {
                accessory["backup"] = true;
            }
        }

        config["infra:accessories"] = accessories.ToJsonString();
        // Backups into the local backup store (the MinIO stand-in), run by the stack's backup helper.
        config[ConfigKeys.Full(ConfigKeys.Backup)] = new JsonObject { ["schedule"] = "0 2 * * *", ["bucket"] = "e2e-backups", ["region"] = "local" }.ToJsonString();
        var resticPassword = ConfigKeys.Full(new BackupSettings().PasswordSecret);
        config[resticPassword] = $"e2e-{Guid.NewGuid():N}";
        secretKeys.Add(resticPassword);
        config["infra:proxy"] = new JsonObject { ["httpPort"] = publicPort, ["previewPort"] = previewPort }.ToJsonString();
        var stack = $"e{Guid.NewGuid():N}"[..8];
        var applier = new Applier(images.Pinned);
        var cycle = new LocalStackCycle(stack, config, secretKeys, applier, images, publicPort, previewPort);
        cycle.Deploy(Slots.Blue, "1");
        return cycle;
    }

    private static string Repository(string tag) => tag[..tag.LastIndexOf(':')];

    public JsonObject Release(string version) => Release(version, Stand.Web[version], Stand.Api[version]);

    /// <summary>A release of its own images (e.g. a bad one a test built).</summary>
    public static JsonObject Release(string version, string webImage, string apiImage) => new()
    {
        ["version"] = $"e2e-{version}",
        ["images"] = new JsonObject { ["web"] = webImage, ["api"] = apiImage },
    };

    /// <summary>Edits the stack's infra:services, as a change to the stack file would; the next <see cref="Deploy"/> pins it.</summary>
    public void EditServices(Action<JsonArray> edit)
    {
        var key = ConfigKeys.Full(ConfigKeys.Services);
        var services = JsonNode.Parse(_config[key])!.AsArray();
        edit(services);
        _config[key] = services.ToJsonString();
    }

    /// <summary>
    /// Puts release <paramref name="version"/> into <paramref name="slot"/> as `release deploy` leaves it
    /// (see ReleasePlans.IntoSlot and SlotSecrets.PinAsync): the slot's version and images, its services
    /// pinned as infra:services is now, and the stack's current values of the secrets they name pinned
    /// as the slot's own secret. Applied by the next <see cref="Apply"/>.
    /// </summary>
    public void Deploy(string slot, string version) => Deploy(slot, Release(version));

    /// <inheritdoc cref="Deploy(string, string)"/>
    public void Deploy(string slot, JsonObject release)
    {
        _slots[slot] = release;
        var servicesJson = _config[ConfigKeys.Full(ConfigKeys.Services)];
        _config[ConfigKeys.Full(ConfigKeys.SlotServices(slot))] = servicesJson;
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in JsonNode.Parse(servicesJson)!.AsArray())
        {
            foreach (var (_, key) in service!["secrets"]?.AsObject() ?? [])
            {
                secrets[(string)key!] = _config[ConfigKeys.Full((string)key!)];
            }
        }

        var secretsKey = ConfigKeys.Full(ConfigKeys.SlotSecrets(slot));
        _config[secretsKey] = SecretValues.Write(secrets);
        if (!_secretKeys.Contains(secretsKey))
        {
            _secretKeys.Add(secretsKey);
        }

        WriteRelease();
    }

    /// <summary>Makes <paramref name="slot"/> the one taking traffic (applied by the next <see cref="Apply"/>).</summary>
    public void Activate(string slot)
    {
        _active = slot;
        WriteRelease();
    }

    /// <summary>Sets the stack's own value of a secret (what the next <see cref="Deploy"/> pins).</summary>
    public void SetSecret(string key, string value) => _config[ConfigKeys.Full(key)] = value;

    public string Secret(string key) => _config[ConfigKeys.Full(key)];

    private void WriteRelease()
    {
        var all = new JsonObject();
        foreach (var slot in Slots.All)
        {
            all[slot] = _slots.TryGetValue(slot, out var release) ? release.DeepClone() : new JsonObject { ["version"] = "", ["images"] = new JsonObject() };
        }

        _config[ConfigKeys.Full(ConfigKeys.Release)] = new JsonObject { ["activeSlot"] = _active, ["slots"] = all }.ToJsonString();
    }

    /// <summary>The value of <paramref name="name"/> in the environment of the running <paramref name="service"/> container of <paramref name="slot"/>.</summary>
    public async Task<string?> ContainerEnv(string slot, string service, string name)
    {
        var result = await DockerEngine.RunOnBareHost(
            $"docker ps -q --filter label=infra.slot={slot} --filter label=infra.service={service} --filter label={Applier.RunLabel}={Applier.RunId} | while read -r id; do docker inspect --format '{{{{range .Config.Env}}}}{{{{println .}}}}{{{{end}}}}' \"$id\"; done");
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Split('\n').Where(l => l.StartsWith(name + "=", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..]).SingleOrDefault();
    }

    /// <summary>Runs the stack under mocks with the current configuration and applies it to the engine.</summary>
    public async Task Apply() => await Applier.Apply(await StackRun.Run(Stack, _config, _secretKeys));

    /// <summary>Id and StartedAt of the stack's containers in a slot (restarts change StartedAt, replacements the id).</summary>
    public async Task<IReadOnlyList<string>> SlotContainers(string slot)
    {
        var result = await DockerEngine.RunOnBareHost(
            $"docker ps -aq --filter label=infra.slot={slot} --filter label={Applier.RunLabel}={Applier.RunId} | while read -r id; do docker inspect --format '{{{{.Name}}}} {{{{.Id}}}} {{{{.State.StartedAt}}}} {{{{.RestartCount}}}}' \"$id\"; done");
        Assert.Equal(0, result.ExitCode);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One GET on a published listener: status, X-Slot header, body.</summary>
    public static async Task<(int Status, string Slot, string Body)> Get(int port, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}") { Headers = { ConnectionClose = true } };
        using var response = await client.SendAsync(request);
        var slot = response.Headers.TryGetValues(HaproxyConfig.SlotHeader, out var values) ? values.Single() : "";
        return ((int)response.StatusCode, slot, (await response.Content.ReadAsStringAsync()).Trim());
    }

    /// <summary>Waits (30 s deadline) until the public listener answers from <paramref name="slot"/>.</summary>
    public Task WaitForPublic(string slot) => WaitFor(PublicPort, slot);

    /// <summary>Waits (30 s deadline) until the listener on <paramref name="port"/> answers 200 from <paramref name="slot"/>
    /// (HAProxy marks a new slot's servers up only after its own checks pass).</summary>
    public async Task WaitFor(int port, string slot)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await Get(port, "/version");
                if (answer.Status == 200 && answer.Slot == slot)
                {
                    return;
                }

                last = $"{answer.Status} from '{answer.Slot}'";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the listener on port {port} did not answer from {slot} within 30 s (last: {last})");
    }

    /// <summary>
    /// The cycle: release 1 live in blue under load; release 2 into green (its task runs); preview;
    /// promote; switch back; then a secret rotation: the stack's <see cref="RotatedSecret"/> changed,
    /// the live release (1) deployed into the idle green with it, and promoted. Load stops for the proxy
    /// restart (a restart closes every connection, which a client that never retries cannot survive);
    /// green must still be active after it, and load runs again through the backup and the restore.
    /// </summary>
    public async Task<CycleResult> Run(int requestsPerSecond = 200)
    {
        await Apply();
        await WaitForPublic(Slots.Blue);
        var blueBefore = await SlotContainers(Slots.Blue);
        var oldSecret = Secret(RotatedSecret);
        var newSecret = $"rotated-{Guid.NewGuid():N}";
        var load = LoadClient.Start(PublicPort, ["/version"], connections: 4, requestsPerSecond: requestsPerSecond);
        LoadResult result;
        IReadOnlyList<string> greenAfterDeploy, greenBeforeRotation, blueBeforeRotation, blueAfterRotation, greenRotated;
        (int Status, string Slot, string Body) preview;
        try
        {
            Deploy(Slots.Green, "2");
            await Apply();
            greenAfterDeploy = await SlotContainers(Slots.Green);
            await WaitFor(PreviewPort, Slots.Green);
            preview = await Get(PreviewPort, "/version");
            Activate(Slots.Green);
            await Apply();
            await WaitForPublic(Slots.Green);
            Activate(Slots.Blue);
            await Apply();
            await WaitForPublic(Slots.Blue);
            greenBeforeRotation = await SlotContainers(Slots.Green);
            blueBeforeRotation = await SlotContainers(Slots.Blue);

            SetSecret(RotatedSecret, newSecret);
            Deploy(Slots.Green, "1");
            await Apply();
            greenRotated = await SlotContainers(Slots.Green);
            Activate(Slots.Green);
            await Apply();
            await WaitForPublic(Slots.Green);
            blueAfterRotation = await SlotContainers(Slots.Blue);
        }
        finally
        {
            result = await load.StopAsync();
        }

        var greenAfterRotation = await SlotContainers(Slots.Green);
        var rotation = new Rotation(oldSecret, newSecret,
            await ContainerEnv(Slots.Blue, "api", RotatedEnv), await ContainerEnv(Slots.Green, "api", RotatedEnv),
            greenRotated, greenAfterRotation, blueBeforeRotation, blueAfterRotation);
        var restarted = await DockerEngine.RunOnBareHost($"docker restart --time 5 {Applier.IdOf(DockerNames.ProxyAlias)}");
        Assert.True(restarted.ExitCode == 0, restarted.Error);
        await WaitForPublic(Slots.Green);
        var loadAfterRestart = LoadClient.Start(PublicPort, ["/version"], connections: 4, requestsPerSecond: requestsPerSecond);
        BackupRound backup;
        LoadResult afterRestart;
        try
        {
            backup = await BackupAndRestore();
        }
        finally
        {
            afterRestart = await loadAfterRestart.StopAsync();
        }

        var whole = new LoadResult(
            [.. result.Requests, .. afterRestart.Requests],
            result.Connections + afterRestart.Connections,
            result.Reconnects + afterRestart.Reconnects,
            result.OpenAtEnd + afterRestart.OpenAtEnd);
        return new CycleResult(whole, blueBefore, blueAfterRotation, greenAfterDeploy, greenBeforeRotation, preview, rotation, backup);
    }

    /// <summary>
    /// Rows into the database, then the stack's own wrappers on the host (only docker on PATH): a backup
    /// into the local backup store, and a restore of it into a scratch database; rows counted in both.
    /// </summary>
    public async Task<BackupRound> BackupAndRestore()
    {
        var table = "e2e_items";
        await Sql("app", $"CREATE TABLE {table} (id int PRIMARY KEY, note text); INSERT INTO {table} SELECT n, md5(n::text) FROM generate_series(1, {BackupRows}) AS n;");
        var tools = Tools;
        var backup = await DockerEngine.RunOnBareHost($"{tools.HostBin}/{BackupInstall.RunNowScriptName}", timeout: TimeSpan.FromMinutes(5));
        Assert.True(backup.ExitCode == 0, $"backup-now exited {backup.ExitCode}\n{backup.Output}{backup.Error}");
        var restore = await DockerEngine.RunOnBareHost($"{tools.HostBin}/{RestoreScript.Name} database {BackedUpDatabase} latest {ScratchDatabase}", timeout: TimeSpan.FromMinutes(5));
        Assert.True(restore.ExitCode == 0, $"infra-restore exited {restore.ExitCode}\n{restore.Output}{restore.Error}");
        // Read as `release status` reads it: the installed restore script's read-only records command, through its wrapper.
        var status = await DockerEngine.RunOnBareHost($"{tools.HostBin}/{RestoreScript.Name} {RestoreScript.RecordsCommand} {BackupHostLayout.StatusFileName}");
        Assert.True(status.ExitCode == 0, $"reading last-status: {status.Error}");
        var header = $"{RestoreScript.RecordHeader} {BackupHostLayout.StatusFileName}\n";
        Assert.StartsWith(header, status.Output, StringComparison.Ordinal);
        return new BackupRound(
            int.Parse(await Sql("app", $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture),
            int.Parse(await Sql(ScratchDatabase, $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture),
            status.Output[header.Length..]);
    }

    /// <summary>The cycle's stack file sets no server.hostRoot: the default folder.</summary>
    private HostLayout Host => HostLayout.For(new ServerSettings(), Stack);

    private BackupTools Tools => new(new DockerNames(Stack), Host.Wrappers);

    /// <summary>Runs SQL in the database container as the stack's database user and returns the output.</summary>
    private async Task<string> Sql(string database, string sql)
    {
        var result = await DockerEngine.RunOnBareHost(
            $"docker exec -i {Applier.IdOf(BackedUpDatabase)} sh -c 'PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$1\" -v ON_ERROR_STOP=1 -qAt' sql \"$1\"",
            sql, arguments: [database]);
        Assert.True(result.ExitCode == 0, $"psql in {database}: {result.Error}");
        return result.Output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await Applier.DisposeAsync();
        // The wrappers the backup install wrote into the stack's host folder.
        if (Directory.Exists(Host.Root))
        {
            Directory.Delete(Host.Root, recursive: true);
        }
    }
}

/// <summary>The rotation step: the secret's values, what each slot's api runs with, and each slot's containers around it.</summary>
public sealed record Rotation(
    string OldValue,
    string NewValue,
    string? BlueApiValue,
    string? GreenApiValue,
    IReadOnlyList<string> GreenDeployed,
    IReadOnlyList<string> GreenAfter,
    IReadOnlyList<string> BlueBefore,
    IReadOnlyList<string> BlueAfter);

/// <summary>The backup step: rows in the live database and in the scratch database restored from the backup, and the backup's last-status.</summary>
public sealed record BackupRound(int LiveRows, int RestoredRows, string LastStatus);

public sealed record CycleResult(
    LoadResult Load,
    IReadOnlyList<string> BlueBefore,
    IReadOnlyList<string> BlueAfter,
    IReadOnlyList<string> GreenAfterDeploy,
    IReadOnlyList<string> GreenAfter,
    (int Status, string Slot, string Body) Preview,
    Rotation Rotation,
    BackupRound Backup)
{
    /// <summary>Requests answered by release <paramref name="version"/> (the body of /version).</summary>
    public int Answered(string version) => Load.Requests.Count(r => !r.Failed && r.Slot?.Trim() == version);

    /// <summary>
    /// Containers restarted or replaced while their slot was live or deployed-and-serving: blue from the
    /// start to the end of the rotation, green from release 2's deploy to the rotation, and green from
    /// its rotated deploy to the end.
    /// </summary>
    public int LiveRestarts =>
        BlueBefore.Except(BlueAfter).Count() + GreenAfterDeploy.Except(GreenAfter).Count()
        + Rotation.GreenDeployed.Except(Rotation.GreenAfter).Count();
}
