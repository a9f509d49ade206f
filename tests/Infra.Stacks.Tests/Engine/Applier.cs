using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests.Engine;

/// <summary>
/// Applies the resources a stack registers (as recorded under Pulumi's mocks) to the real Docker engine,
/// in the engine's dependency order: networks, volumes, images, then containers and local commands in
/// the order their dependencies give. Between two configurations it applies the difference as the engine
/// and the providers would: a new resource is created, a gone one deleted, a container whose inputs
/// changed is deleted then created again, a command runs again when its create script, stdin,
/// environment or triggers change. What a command printed (its stdout, which the mocks answer with a
/// stand-in) is what it printed on the engine wherever a later input uses it. Every input is mapped explicitly; an input or resource type it does
/// not know is an error, so nothing the stack sets is silently dropped.
/// <para>
/// What it proves: the stack's plans, rendered files and host scripts work on a real engine. What it
/// does not: the Pulumi engine or the Docker provider (this maps inputs to the docker CLI itself).
/// </para>
/// Every host command (commands' scripts, and the docker CLI it runs) has only <c>docker</c> and the
/// shell's basics on PATH. Everything it creates carries the label <see cref="RunLabel"/> with its
/// run's id, so <see cref="DisposeAsync"/> removes exactly that.
/// </summary>
public sealed class Applier : IAsyncDisposable
{
    public const string RunLabel = "infra.e2e-run";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyDictionary<string, string> _images;
    private readonly Dictionary<string, Applied> _state = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];

    /// <summary>What a command printed as the mocks answered it, mapped to what it printed on the engine.</summary>
    private readonly Dictionary<string, string> _printed = new(StringComparer.Ordinal);

    /// <param name="images">Image references the stack names that are not in its configuration (the
    /// pinned proxy/helper image), mapped to the local stand-ins; replaced in every input and script.</param>
    public Applier(IReadOnlyDictionary<string, string> images)
    {
        _images = images;
        RunId = $"r{Guid.NewGuid():N}"[..10];
    }

    public string RunId { get; }

    /// <summary>What was done, one line per operation ("create docker:...Container web-blue", "run proxy-switch"...).</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>The output of the last run of each command, by resource name.</summary>
    public Dictionary<string, ProcessResult> CommandRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies the stack <paramref name="run"/> recorded, as the difference from what was applied before.</summary>
    public async Task Apply(StackRun run)
    {
        var desired = DesiredOf(run);
        foreach (var gone in _state.Values.Where(a => !desired.ContainsKey(a.Key)).OrderByDescending(a => a.Order).ToList())
        {
            await Delete(gone);
        }

        foreach (var resource in Ordered(desired.Values))
        {
            var inputs = Resolve(resource.Inputs);
            var json = JsonSerializer.Serialize(inputs);
            if (_state.TryGetValue(resource.Key, out var before) && before.Json == json)
            {
                continue;
            }

            if (before is not null && resource.Type == ContainerType)
            {
                await Delete(before);
            }

            var id = await Create(resource, inputs);
            _state[resource.Key] = new Applied(resource.Key, resource.Type, resource.Name, json, inputs, id, resource.Order, resource.RetainOnDelete);
            if (resource.Type == CommandType
                && run.OutputsOfResources.TryGetValue(resource.Key, out var mocked)
                && mocked.TryGetValue("stdout", out var stdout) && stdout is string answered && answered.Trim().Length > 0)
            {
                _printed[answered.Trim()] = CommandRuns[resource.Name].Output.Trim();
            }
        }
    }

    /// <summary>The real id (container id, network id...) of a resource applied under that name.</summary>
    public string IdOf(string name) => _state.Values.Single(a => a.Name == name).Id;

    private const string ContainerType = "docker:index/container:Container";
    private const string NetworkType = "docker:index/network:Network";
    private const string VolumeType = "docker:index/volume:Volume";
    private const string ImageType = "docker:index/remoteImage:RemoteImage";
    private const string CommandType = "command:local:Command";

    private static readonly string[] Kinds = [NetworkType, VolumeType, ImageType];

    private sealed record Desired(string Key, string Type, string Name, ImmutableDictionary<string, object> Inputs, IReadOnlyList<string> DependsOn, int Order, bool RetainOnDelete);

    private sealed record Applied(string Key, string Type, string Name, string Json, IReadOnlyDictionary<string, object?> Inputs, string Id, int Order, bool RetainOnDelete);

    private static Dictionary<string, Desired> DesiredOf(StackRun run)
    {
        var desired = new Dictionary<string, Desired>(StringComparer.Ordinal);
        var order = 0;
        foreach (var record in run.Recorded.Where(r => !r.IsComponent))
        {
            if (record.Type.StartsWith("pulumi:providers:", StringComparison.Ordinal))
            {
                continue;
            }

            if (record.Type is not (ContainerType or NetworkType or VolumeType or ImageType or CommandType))
            {
                throw new NotSupportedException($"the applier does not know resource type {record.Type} ({record.Name})");
            }

            var key = $"{record.Type} {record.Name}";
            desired[key] = new Desired(key, record.Type, record.Name, run.Inputs[key], record.DependsOn, order++, record.RetainOnDelete);
        }

        return desired;
    }

    /// <summary>Networks, volumes and images first; then containers and commands, each after what it depends on.</summary>
    private static IEnumerable<Desired> Ordered(IEnumerable<Desired> all)
    {
        var list = all.OrderBy(d => Array.IndexOf(Kinds, d.Type) is var i && i < 0 ? Kinds.Length : i).ThenBy(d => d.Order).ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var names = list.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        while (list.Count > 0)
        {
            var next = list.FirstOrDefault(d => d.DependsOn.All(n => done.Contains(n) || !names.Contains(n)))
                ?? throw new InvalidOperationException($"dependency cycle among {string.Join(", ", list.Select(d => d.Name))}");
            list.Remove(next);
            done.Add(next.Name);
            yield return next;
        }
    }

    /// <summary>Plain values, with mock ids of applied resources ("&lt;name&gt;_id") replaced by their real ids and image references mapped.</summary>
    private Dictionary<string, object?> Resolve(ImmutableDictionary<string, object> inputs) =>
        inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Value(p.Value), StringComparer.Ordinal);

    private object? Value(object? value) => value switch
    {
        null => null,
        string s => Text(s),
        bool or double or int or long => value,
        ImmutableArray<object> list => list.Select(Value).ToList(),
        IImmutableDictionary<string, object> map => map.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => Value(p.Value), StringComparer.Ordinal),
        _ => throw new NotSupportedException($"the applier does not know input values of type {value.GetType()}"),
    };

    private string Text(string s)
    {
        var applied = _state.Values.FirstOrDefault(a => s == $"{a.Name}_id");
        if (applied is not null)
        {
            return applied.Id;
        }

        foreach (var (reference, standIn) in _images.Concat(_printed))
        {
            s = s.Replace(reference, standIn, StringComparison.Ordinal);
        }

        return s;
    }

    private async Task<string> Create(Desired resource, Dictionary<string, object?> inputs)
    {
        _log.Add($"create {resource.Type} {resource.Name}");
        return resource.Type switch
        {
            NetworkType => await CreateNetwork(inputs),
            VolumeType => await CreateVolume(inputs),
            ImageType => await FindImage(inputs),
            ContainerType => await CreateContainer(inputs),
            CommandType => await RunCommand(resource.Name, inputs),
            _ => throw new NotSupportedException(resource.Type),
        };
    }

    private async Task Delete(Applied applied)
    {
        _state.Remove(applied.Key);
        if (applied.RetainOnDelete)
        {
            _log.Add($"retain {applied.Type} {applied.Name}");
            return;
        }

        _log.Add($"delete {applied.Type} {applied.Name}");
        switch (applied.Type)
        {
            case ContainerType:
                // As the provider deletes: stopped first (its stop signal, then SIGKILL after the grace) when a grace is set.
                if (applied.Inputs.ContainsKey("destroyGraceSeconds"))
                {
                    await Docker("stop", "--time", Int(applied.Inputs, "destroyGraceSeconds").ToString(CultureInfo.InvariantCulture), applied.Id);
                }

                await Docker("rm", "-f", applied.Id);
                break;
            case NetworkType:
                await Docker("network", "rm", applied.Id);
                break;
            case VolumeType:
                await Docker("volume", "rm", applied.Id);
                break;
            case ImageType or CommandType:
                break; // keepLocally; the stack's commands set no delete script (Known rejects one)
        }
    }

    private async Task<string> CreateNetwork(Dictionary<string, object?> inputs)
    {
        Known(inputs, "name", "driver");
        var name = Str(inputs, "name");
        await Docker("network", "create", "--driver", Str(inputs, "driver"), "--label", $"{RunLabel}={RunId}", name);
        return name;
    }

    private async Task<string> CreateVolume(Dictionary<string, object?> inputs)
    {
        Known(inputs, "name", "labels");
        var name = Str(inputs, "name");
        await Docker(["volume", "create", "--label", $"{RunLabel}={RunId}", .. LabelOptions(inputs), name]);
        return name;
    }

    private async Task<string> FindImage(Dictionary<string, object?> inputs)
    {
        Known(inputs, "name", "keepLocally");
        var name = Str(inputs, "name");
        // No registry here: the image must already be on the engine (a stand-in built by tests/images).
        var id = (await Docker("image", "inspect", "--format", "{{.Id}}", name)).Output.Trim();
        return id;
    }

    private async Task<string> CreateContainer(Dictionary<string, object?> inputs)
    {
        Known(inputs, "name", "image", "envs", "command", "entrypoints", "user", "init", "stopSignal", "stopTimeout", "destroyGraceSeconds", "hostname", "networksAdvanced", "ports", "volumes", "restart", "memory", "labels", "logDriver", "logOpts", "healthcheck", "wait", "waitTimeout");
        var name = Str(inputs, "name");
        var args = new List<string> { "create", "--name", name, "--label", $"{RunLabel}={RunId}" };
        var envFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(envFile, List(inputs, "envs").Cast<string>());
            args.AddRange(["--env-file", envFile]);
            var networks = List(inputs, "networksAdvanced").Cast<Dictionary<string, object?>>().ToList();
            foreach (var network in networks.Take(1))
            {
                Known(network, "name", "aliases");
                args.AddRange(["--network", Str(network, "name")]);
                args.AddRange(List(network, "aliases").Cast<string>().SelectMany(a => new[] { "--network-alias", a }));
            }

            foreach (var port in List(inputs, "ports").Cast<Dictionary<string, object?>>())
            {
                Known(port, "internal", "external", "ip", "protocol");
                var ip = port.ContainsKey("ip") ? Str(port, "ip") + ":" : "";
                var protocol = port.ContainsKey("protocol") ? "/" + Str(port, "protocol") : "";
                args.AddRange(["--publish", $"{ip}{Int(port, "external")}:{Int(port, "internal")}{protocol}"]);
            }

            foreach (var volume in List(inputs, "volumes").Cast<Dictionary<string, object?>>())
            {
                Known(volume, "volumeName", "hostPath", "containerPath", "readOnly");
                var source = volume.ContainsKey("volumeName") ? Str(volume, "volumeName") : Str(volume, "hostPath");
                var readOnly = volume.TryGetValue("readOnly", out var ro) && ro is true ? ":ro" : "";
                args.AddRange(["--volume", $"{source}:{Str(volume, "containerPath")}{readOnly}"]);
            }

            if (inputs.ContainsKey("restart"))
            {
                args.AddRange(["--restart", Str(inputs, "restart")]);
            }

            if (inputs.ContainsKey("hostname"))
            {
                args.AddRange(["--hostname", Str(inputs, "hostname")]);
            }

            if (inputs.ContainsKey("user"))
            {
                args.AddRange(["--user", Str(inputs, "user")]);
            }

            if (inputs.TryGetValue("init", out var init) && init is true)
            {
                args.Add("--init");
            }

            if (inputs.ContainsKey("stopSignal"))
            {
                args.AddRange(["--stop-signal", Str(inputs, "stopSignal")]);
            }

            if (inputs.ContainsKey("stopTimeout"))
            {
                args.AddRange(["--stop-timeout", Int(inputs, "stopTimeout").ToString(CultureInfo.InvariantCulture)]);
            }

            // The docker CLI takes the entrypoint's program alone; the provider's further entrypoint words come before the command.
            var entrypoint = List(inputs, "entrypoints").Cast<string>().ToList();
            if (entrypoint.Count > 0)
            {
                args.AddRange(["--entrypoint", entrypoint[0]]);
            }

            if (inputs.ContainsKey("memory"))
            {
                args.AddRange(["--memory", $"{Int(inputs, "memory")}m"]);
            }

            args.AddRange(LabelOptions(inputs));
            if (inputs.ContainsKey("logDriver"))
            {
                args.AddRange(["--log-driver", Str(inputs, "logDriver")]);
            }

            if (inputs.TryGetValue("logOpts", out var logOpts) && logOpts is Dictionary<string, object?> opts)
            {
                args.AddRange(opts.SelectMany(o => new[] { "--log-opt", $"{o.Key}={o.Value}" }));
            }

            if (inputs.TryGetValue("healthcheck", out var h) && h is Dictionary<string, object?> health)
            {
                Known(health, "tests", "interval", "timeout", "startPeriod", "retries");
                var tests = List(health, "tests").Cast<string>().ToList();
                if (tests is not ["CMD-SHELL", var shell])
                {
                    throw new NotSupportedException($"container {name}: healthcheck test form {tests.FirstOrDefault()} (only CMD-SHELL maps to the docker CLI)");
                }

                args.AddRange(["--health-cmd", shell, "--health-interval", Str(health, "interval"), "--health-timeout", Str(health, "timeout"),
                    "--health-start-period", Str(health, "startPeriod"), "--health-retries", Int(health, "retries").ToString(CultureInfo.InvariantCulture)]);
            }

            args.Add(Str(inputs, "image"));
            args.AddRange(entrypoint.Skip(1));
            args.AddRange(List(inputs, "command").Cast<string>());
            var id = (await Docker([.. args])).Output.Trim();
            foreach (var network in networks.Skip(1))
            {
                await Docker(["network", "connect", .. List(network, "aliases").Cast<string>().SelectMany(a => new[] { "--alias", a }), Str(network, "name"), id]);
            }

            await Docker("start", id);
            if (inputs.TryGetValue("wait", out var wait) && wait is true)
            {
                await WaitHealthy(name, TimeSpan.FromSeconds(inputs.ContainsKey("waitTimeout") ? Int(inputs, "waitTimeout") : 60));
            }

            return id;
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    /// <summary>As the provider's <c>wait</c>: healthy (or running, without a healthcheck) within the deadline, else a failure naming the container.</summary>
    private static async Task WaitHealthy(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = (await Docker("inspect", "--format", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", name)).Output.Trim();
            if (state is "running healthy" or "running none")
            {
                return;
            }

            if (state.StartsWith("exited", StringComparison.Ordinal) || state.StartsWith("dead", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                var logs = await DockerEngine.RunOnBareHost($"docker logs --tail 30 {name} 2>&1");
                throw new ApplyException($"container {name} did not become healthy within {timeout.TotalSeconds} s (state: {state})\n{logs.Output}");
            }

            await Task.Delay(500);
        }
    }

    private async Task<string> RunCommand(string name, Dictionary<string, object?> inputs)
    {
        Known(inputs, "interpreter", "environment", "create", "triggers", "stdin");
        if (inputs.TryGetValue("interpreter", out var interpreter) && interpreter is List<object?> parts && !parts.SequenceEqual(["/bin/bash", "-c"]))
        {
            throw new NotSupportedException($"command {name}: interpreter {string.Join(" ", parts)} (only /bin/bash -c)");
        }

        var environment = inputs.TryGetValue("environment", out var env) && env is Dictionary<string, object?> map
            ? map.ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal)
            : new Dictionary<string, string>();
        var stdin = inputs.TryGetValue("stdin", out var s) ? (string?)s ?? "" : "";
        _log.Add($"run {name}");
        var result = await DockerEngine.RunOnBareHost(Str(inputs, "create"), stdin, CommandTimeout, environment);
        CommandRuns[name] = result;
        if (result.ExitCode != 0)
        {
            throw new ApplyException($"command {name} exited {result.ExitCode}\n{result.Output}{result.Error}");
        }

        return $"{name}-{Guid.NewGuid():N}";
    }

    private static IEnumerable<string> LabelOptions(Dictionary<string, object?> inputs) =>
        List(inputs, "labels").Cast<Dictionary<string, object?>>().SelectMany(l =>
        {
            Known(l, "label", "value");
            return new[] { "--label", $"{Str(l, "label")}={Str(l, "value")}" };
        });

    private static void Known(Dictionary<string, object?> inputs, params string[] known)
    {
        var unknown = inputs.Keys.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"the applier does not map input(s) {string.Join(", ", unknown)}; map them explicitly");
        }
    }

    private static string Str(IReadOnlyDictionary<string, object?> inputs, string key) =>
        inputs.TryGetValue(key, out var v) && v is string s ? s : throw new ApplyException($"input {key} is missing or not text");

    private static long Int(IReadOnlyDictionary<string, object?> inputs, string key) =>
        inputs.TryGetValue(key, out var v) ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : throw new ApplyException($"input {key} is missing");

    private static List<object?> List(IReadOnlyDictionary<string, object?> inputs, string key) =>
        inputs.TryGetValue(key, out var v) && v is List<object?> list ? list : [];

    /// <summary>docker with only docker and the shell's basics on PATH; a non-zero exit is an error.</summary>
    private static async Task<ProcessResult> Docker(params string[] arguments)
    {
        var result = await DockerEngine.RunOnBareHost("exec docker \"$@\"", timeout: CommandTimeout, environment: null, arguments: arguments);
        if (result.ExitCode != 0)
        {
            throw new ApplyException($"docker {string.Join(" ", arguments.Take(3))}... exited {result.ExitCode}: {result.Error.Trim()}");
        }

        return result;
    }

    /// <summary>Removes every container, network and volume this run created (by its label), containers first.</summary>
    public async ValueTask DisposeAsync()
    {
        var filter = $"label={RunLabel}={RunId}";
        await DockerEngine.RunOnBareHost(
            $"docker ps -aq --filter {filter} | while read -r id; do docker rm -f \"$id\" >/dev/null; done\n" +
            $"docker network ls -q --filter {filter} | while read -r id; do docker network rm \"$id\" >/dev/null; done\n" +
            $"docker volume ls -q --filter {filter} | while read -r id; do docker volume rm \"$id\" >/dev/null; done\n");
    }
}

public sealed class ApplyException(string message) : Exception(message);
