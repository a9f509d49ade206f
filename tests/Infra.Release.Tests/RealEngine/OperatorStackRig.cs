using System.Text.Json.Nodes;
using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Release.Engine;
using Infra.Release.Stacks;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.RealEngine;

/// <summary>
/// A local stack on the real engine, its containers made as the stack's resources make them (names,
/// network and aliases from DockerNames, env, volumes and labels from the container planner, the proxy's
/// files from the install script): web (no shell) and api (a shell, a secret) in both slots, a Redis
/// accessory and a backed-up PostgreSQL one (archiving its WAL) with their healthchecks, the proxy with
/// blue active, and the backup installed as the local stack installs it (<see cref="OperatorStackBackup"/>).
/// The stack name is new each time; everything is removed by name at the end.
/// </summary>
public sealed class OperatorStackRig : IAsyncDisposable
{
    public const string ApiToken = "token-with spaces='and quotes'";

    private const string DbPassword = "db-s3cret";

    private OperatorStackRig(FakeStackEngine engine, StackSettings settings, string helper, string hostRoot)
    {
        Engine = engine;
        Settings = settings;
        Names = DockerNames.For(settings);
        Helper = helper;
        HostRoot = hostRoot;
        Backup = new OperatorStackBackup(settings, helper);
    }

    public FakeStackEngine Engine { get; }
    public StackSettings Settings { get; }
    public DockerNames Names { get; }
    public string Helper { get; }
    public string HostRoot { get; }
    public OperatorStackBackup Backup { get; }

    public static async Task<OperatorStackRig> StartAsync()
    {
        await DockerEngine.Require();
        var helper = await DockerEngine.Image("haproxy");
        var (web1, web2) = (await DockerEngine.Image("app", "1"), await DockerEngine.Image("app", "2"));
        var (api1, api2) = (await DockerEngine.Image("shell-app", "1"), await DockerEngine.Image("shell-app", "2"));
        var redis = await DockerEngine.Image("redis");
        var postgres = await DockerEngine.Image("postgres");
        var stack = $"ops{Guid.NewGuid():N}"[..11];
        var hostRoot = Directory.CreateTempSubdirectory("infra-ops-host-").FullName;
        var config = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal)
        {
            ["infra:environment"] = ConfigEntry.Plain("local"),
            ["infra:server"] = ConfigEntry.Plain(new JsonObject { ["provider"] = "local", ["hostRoot"] = hostRoot }.ToJsonString()),
            ["infra:services"] = ConfigEntry.Plain($$$"""
                [{"name":"web","image":"{{{web1.Split(':')[0]}}}","port":3000,"healthPath":"/health","route":{"pathPrefix":"/"}},
                 {"name":"api","image":"{{{api1.Split(':')[0]}}}","port":8000,"healthPath":"/health","route":{"pathPrefix":"/api"},
                  "env":{"GREETING":"hello"},"secrets":{"API_TOKEN":"apiToken"},"dependsOn":["cache"]}]
                """),
            ["infra:accessories"] = ConfigEntry.Plain($$$"""
                [{"name":"cache","kind":"redis","image":"{{{redis}}}","port":6379},
                 {"name":"db","kind":"postgres","image":"{{{postgres}}}","port":5432,"passwordSecret":"dbPassword","database":"app","user":"app","backup":true}]
                """),
            ["infra:proxy"] = ConfigEntry.Plain("""{"httpPort":8000,"previewPort":8001}"""),
            ["infra:release"] = ConfigEntry.Plain($$$"""
                {"activeSlot":"blue","slots":{
                  "blue":{"version":"v1","images":{"web":"{{{web1}}}","api":"{{{api1}}}"}},
                  "green":{"version":"v2","images":{"web":"{{{web2}}}","api":"{{{api2}}}"}}
                }}
                """),
            ["infra:backup"] = ConfigEntry.Plain("""{"schedule":"15 3 * * *","bucket":"ops-test","retention":{"daily":1}}"""),
            ["infra:resticPassword"] = ConfigEntry.Secret(),
            ["infra:apiToken"] = ConfigEntry.Secret(),
            ["infra:dbPassword"] = ConfigEntry.Secret(),
        };
        var engine = new FakeStackEngine(stack, config);
        engine.SecretValues["infra:apiToken"] = ApiToken;
        engine.SecretValues["infra:dbPassword"] = DbPassword;
        var settings = (await StackContext.LoadAsync(engine, _ => null, CancellationToken.None)).Settings;
        var rig = new OperatorStackRig(engine, settings, helper, hostRoot);
        try
        {
            await rig.Start();
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        return rig;
    }

    private async Task Start()
    {
        await Docker(["network", "create", Names.Network]);
        foreach (var accessory in Settings.Accessories)
        {
            var spec = ContainerPlanner.ForAccessory(accessory);
            await Run(spec, ["--health-cmd", spec.HealthCheck!.Test[1], "--health-interval", "1s"], spec.SecretEnvironment.Keys.Select(variable => $"{variable}={DbPassword}"));
        }

        foreach (var slot in Slots.All)
        {
            var release = Settings.Release.For(slot)!;
            foreach (var service in Settings.ServicesIn(slot))
            {
                var spec = ContainerPlanner.ForService(service, slot, release);
                await Run(spec, [], spec.SecretEnvironment.Select(kv => $"{kv.Key}={ApiToken}"));
            }
        }

        var install = await DockerEngine.RunOnBareHost(ProxyInstall.HostRun(Settings, Helper));
        Assert.True(install.ExitCode == 0, $"proxy files: exit {install.ExitCode}\n{install.Output}{install.Error}");
        await Docker(["run", "-d", "--name", Names.Proxy, "--network", Names.Network, "--network-alias", DockerNames.ProxyAlias,
            "--volume", $"{Names.ProxyFilesVolume}:{ProxyLayout.ContainerConfigDirectory}:ro", Helper]);
        await Backup.InstallAsync();
    }

    /// <summary>A container as the stack's resources make it (the test passes the secrets on the command line; the stack never does).</summary>
    private async Task Run(ContainerSpec spec, IEnumerable<string> options, IEnumerable<string> secrets)
    {
        await Docker(
        [
            "run", "-d", "--name", Names.Container(spec.ContainerName), "--network", Names.Network,
            .. spec.NetworkAliases.SelectMany(alias => new[] { "--network-alias", alias }),
            .. spec.Environment.SelectMany(kv => new[] { "--env", $"{kv.Key}={kv.Value}" }),
            .. secrets.SelectMany(pair => new[] { "--env", pair }),
            .. spec.Volumes.SelectMany(v => new[] { "--volume", $"{Names.Volume(v.VolumeName)}:{v.ContainerPath}" }),
            .. spec.Labels.SelectMany(kv => new[] { "--label", $"{kv.Key}={kv.Value}" }),
            .. options,
            spec.Image,
            .. spec.Command,
        ]);
    }

    /// <summary>The switch to <paramref name="slot"/>, run as the stack runs it, with only docker on the path.</summary>
    public async Task SwitchProxyTo(string slot)
    {
        var switched = await DockerEngine.RunOnBareHost(SwitchScript.HostRun(Settings, slot, Helper));
        Assert.True(switched.ExitCode == 0, switched.Output + switched.Error);
    }

    /// <summary>Names of the stack's containers on the engine right now.</summary>
    public async Task<IReadOnlyList<string>> ContainersNamed(string prefix)
    {
        var listed = await DockerEngine.Docker("ps", "-a", "--filter", $"name=^{prefix}", "--format", "{{.Names}}");
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task Docker(string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in await ContainersNamed(Names.Prefix))
        {
            await DockerEngine.Docker("rm", "-f", "-v", name);
        }

        await Backup.RemoveVolumesAsync();
        await DockerEngine.Docker("network", "rm", Names.Network);
        Directory.Delete(HostRoot, recursive: true);
    }
}
