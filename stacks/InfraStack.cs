using Infra.Components;
using Infra.Domain.Backups;
using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Monitoring;
using Infra.Domain.Releases;
using Infra.Domain.Servers;
using Infra.Domain.Settings;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Stacks;

/// <summary>
/// The one stack definition: validated settings in, components out. Every stack (local, staging,
/// prod) runs this same code; only the settings differ.
/// </summary>
public static class InfraStack
{
    /// <param name="settings">Validated settings; never call this with settings that have problems.</param>
    /// <param name="secrets">Resolves a config key to the stack's secret (accessories, backups).</param>
    /// <param name="slotSecrets">Resolves, per slot, a config key to the value that slot was deployed with.</param>
    /// <param name="rootOptions">Options given to every top-level component (tests add transformations here).</param>
    public static IDictionary<string, object?> Define(StackSettings settings, SecretSource secrets, Func<string, SecretSource> slotSecrets, Output<string>? sshPrivateKey = null, ComponentResourceOptions? rootOptions = null)
    {
        ComponentResourceOptions Root() => rootOptions is null ? new ComponentResourceOptions() : ComponentResourceOptions.Merge(rootOptions, new ComponentResourceOptions());

        var host = DefineHost(settings, sshPrivateKey, Root());
        var hostResource = (Resource)host;
        var plan = DeploymentPlan.For(settings);

        var started = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var spec in plan.Accessories)
        {
            started[spec.Owner] = new Accessory(spec.ResourceName, new AccessoryArgs
            {
                Spec = spec,
                Host = host,
                Secrets = secrets,
            }, Root()).Container;
        }

        var serviceVolumes = DefineServiceVolumes(settings, host, hostResource);

        var slotVersions = new Dictionary<string, object?>();
        var activeSlot = new List<Resource>();
        foreach (var slot in plan.Slots)
        {
            var startedInSlot = new Dictionary<string, Resource>(started, StringComparer.Ordinal);
            var secretsInSlot = slotSecrets(slot.Slot);
            var tasks = ReleaseTaskPlanner.For(settings, slot.Slot, NetworkName(settings));
            var releaseTasks = tasks.Count == 0 ? [] : new ReleaseTasks($"{slot.Slot}-release-tasks", new ReleaseTasksArgs
            {
                Tasks = tasks,
                Host = host,
                Secrets = secretsInSlot,
                After = [.. started.Values],
            }, Root()).Last;

            foreach (var spec in slot.Services)
            {
                var container = new ContainerService(spec.ResourceName, new ContainerServiceArgs
                {
                    Spec = spec,
                    Host = host,
                    Secrets = secretsInSlot,
                    Volumes = serviceVolumes.GetValueOrDefault(spec.Owner) ?? new Dictionary<string, Docker.Volume>(),
                    StartAfter = [.. spec.StartAfter.Where(startedInSlot.ContainsKey).Select(name => startedInSlot[name]), .. releaseTasks],
                    Run = slot.Runs,
                    KeepCreatedSettings = slot.KeepsCreatedSettings,
                }, Root());
                if (container.Ready is { } ready)
                {
                    startedInSlot[spec.Owner] = ready;
                    if (slot.IsActive)
                    {
                        activeSlot.Add(ready);
                    }
                }
            }

            slotVersions[slot.Slot] = slot.Version;
        }

        _ = new EdgeProxy("proxy", new EdgeProxyArgs { Settings = settings, Host = host, ActiveSlot = activeSlot }, Root());

        if (settings.Backup is { } backup)
        {
            DefineBackups(settings, backup, host, secrets, started.Values.ToList(), Root);
        }

        if (settings.IsCloud && settings.Edge is { } edge)
        {
            _ = new EdgeDns("edge", new EdgeDnsArgs { Settings = edge, Address = host.PublicAddress }, Root());
        }

        if (host is Server server && settings.Monitoring is { } monitoring)
        {
            _ = new Monitoring("monitoring", new MonitoringArgs
            {
                Plan = MonitoringPlan.For(settings, monitoring),
                Settings = monitoring,
                DropletId = server.DropletId,
                Address = server.PublicAddress,
                SlackUrl = monitoring.Slack is { } slack ? secrets(slack.UrlSecret) : null,
            }, Root());
        }

        return new Dictionary<string, object?>
        {
            ["publicAddress"] = host.PublicAddress,
            ["activeSlot"] = settings.Release.ActiveSlot,
            ["slotVersions"] = slotVersions,
        };
    }

    /// <summary>The bucket (Spaces, or a local store) and the job that backs up into it.</summary>
    private static void DefineBackups(StackSettings settings, BackupSettings backup, IDockerHost host, SecretSource secrets, IReadOnlyList<Resource> accessories, Func<ComponentResourceOptions> root)
    {
        var plan = BackupPlan.For(settings);
        var password = secrets(backup.PasswordSecret);
        if (settings.IsCloud)
        {
            var storage = new BackupStorage("backup-storage", new BackupStorageArgs { Settings = backup, StackName = settings.StackName }, root());
            _ = new BackupJob("backup", new BackupJobArgs
            {
                Plan = plan,
                Settings = backup,
                Layout = BackupHostLayout.Server,
                Host = host,
                Repository = ResticRepository.ForSpaces(backup.Region, backup.Bucket),
                Password = password,
                AccessKeyId = storage.AccessKeyId,
                SecretAccessKey = storage.SecretAccessKey,
                After = [storage, .. accessories],
            }, root());
            return;
        }

        var store = new LocalBackupStore("backup-store", new LocalBackupStoreArgs { Host = host, SecretKey = password, Bucket = backup.Bucket }, root());
        _ = new BackupJob("backup", new BackupJobArgs
        {
            Plan = plan,
            Settings = backup,
            Layout = BackupTools.For(settings).Layout,
            Tools = BackupTools.For(settings),
            Host = host,
            Repository = store.Repository,
            Password = password,
            AccessKeyId = Output.Create(LocalBackupStore.AccessKey),
            SecretAccessKey = password,
            After = [store.Ready, .. accessories],
        }, root());
    }

    private static string NetworkName(StackSettings settings) => DockerNames.For(settings).Network;

    private static IDockerHost DefineHost(StackSettings settings, Output<string>? sshPrivateKey, ComponentResourceOptions options)
    {
        if (!settings.Server.IsDigitalOcean)
        {
            return new LocalEngine("server", new LocalEngineArgs
            {
                DockerHost = settings.Server.DockerHost,
                Names = DockerNames.For(settings),
            }, options);
        }

        return new Server("server", new ServerArgs
        {
            StackName = settings.StackName,
            Settings = settings.Server,
            InboundRules = FirewallPlan.Inbound(settings),
            OutboundRules = FirewallPlan.Outbound,
            Names = DockerNames.For(settings),
            SshPrivateKey = sshPrivateKey,
        }, options);
    }

    /// <summary>
    /// Named volumes a service keeps across releases (e.g. uploads); both slots mount the same one. A
    /// volume stays while the stack file or either slot still mounts it.
    /// </summary>
    private static Dictionary<string, Dictionary<string, Docker.Volume>> DefineServiceVolumes(StackSettings settings, IDockerHost host, Resource parent) =>
        settings.Services.Concat(Slots.All.SelectMany(settings.ServicesIn))
            .SelectMany(s => s.Volumes.Select(v => (Service: s.Name, Volume: v.Name)))
            .Distinct()
            .GroupBy(v => v.Service, StringComparer.Ordinal)
            .ToDictionary(
            g => g.Key,
            g => g.Select(v => v.Volume).ToDictionary(
                volume => volume,
                volume => new Docker.Volume($"{g.Key}-{volume}", new Docker.VolumeArgs
                {
                    Name = host.Names.Volume($"{g.Key}-{volume}"),
                    Labels = { new Docker.Inputs.VolumeLabelArgs { Label = ContainerPlanner.LabelPrefix + "service", Value = g.Key } },
                }, new CustomResourceOptions
                {
                    Parent = parent,
                    Provider = host.DockerProvider,
                    DependsOn = { host.Ready },
                    Protect = true,
                    RetainOnDelete = true,
                })));
}
