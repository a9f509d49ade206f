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
        var plan = DeploymentPlan.For(settings);
        var accessories = plan.Accessories.ToDictionary(
            spec => spec.Owner,
            spec => (Resource)new Accessory(spec.ResourceName, new AccessoryArgs { Spec = spec, Host = host, Secrets = secrets }, Root()).Container,
            StringComparer.Ordinal);
        var volumes = plan.ServiceVolumes.ToDictionary(
            service => service.Key,
            service => new ServiceVolumes(service.Key, new ServiceVolumesArgs { Volumes = service.Value, Host = host }, Root()).Volumes,
            StringComparer.Ordinal);

        var activeSlot = new List<Resource>();
        foreach (var slot in plan.Slots)
        {
            var ready = DefineSlot(settings, slot, host, slotSecrets(slot.Slot), accessories, volumes, Root);
            if (slot.IsActive)
            {
                activeSlot.AddRange(ready);
            }
        }

        var dns = settings.IsCloud && settings.Edge is { } names
            ? new EdgeDns("edge", new EdgeDnsArgs { Settings = names, Address = host.PublicAddress }, Root())
            : null;
        var proxy = new EdgeProxy("proxy", new EdgeProxyArgs { Settings = settings, Host = host, ActiveSlot = activeSlot, Secrets = secrets, NamesResolve = dns?.Records ?? [] }, Root());

        if (settings.Backup is { } backup)
        {
            DefineBackups(settings, backup, host, secrets, [.. accessories.Values], Root);
        }

        if (dns is not null && settings.Edge is { } edge)
        {
            if (edge.Proxied && proxy.Tls is not null)
            {
                _ = new EdgeTls("edge-tls", new EdgeTlsArgs { ZoneId = edge.ZoneId, After = new InputList<Resource> { proxy.Container } }, Root());
            }
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
            ["slotVersions"] = plan.Slots.ToDictionary(slot => slot.Slot, slot => (object?)slot.Version),
        };
    }

    /// <summary>
    /// One slot's release tasks and containers, each service started after what it depends on is ready.
    /// Returns the readiness of the slot's containers.
    /// </summary>
    private static IReadOnlyList<Resource> DefineSlot(
        StackSettings settings,
        SlotContainers slot,
        IDockerHost host,
        SecretSource secrets,
        IReadOnlyDictionary<string, Resource> accessories,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Docker.Volume>> volumes,
        Func<ComponentResourceOptions> root)
    {
        var tasks = ReleaseTaskPlanner.For(settings, slot.Slot, host.Names.Network);
        var releaseTasks = tasks.Count == 0 ? [] : new ReleaseTasks($"{slot.Slot}-release-tasks", new ReleaseTasksArgs
        {
            Tasks = tasks,
            Host = host,
            Secrets = secrets,
            After = [.. accessories.Values],
        }, root()).Last;

        var started = new Dictionary<string, Resource>(accessories, StringComparer.Ordinal);
        var ready = new List<Resource>();
        foreach (var spec in slot.Services)
        {
            var container = new ContainerService(spec.ResourceName, new ContainerServiceArgs
            {
                Spec = spec,
                Host = host,
                Secrets = secrets,
                Volumes = volumes.GetValueOrDefault(spec.Owner) ?? new Dictionary<string, Docker.Volume>(),
                StartAfter = [.. spec.StartAfter.Where(started.ContainsKey).Select(name => started[name]), .. releaseTasks],
                Run = slot.Runs,
                KeepCreatedSettings = slot.KeepsCreatedSettings,
            }, root());
            if (container.Ready is { } containerReady)
            {
                started[spec.Owner] = containerReady;
                ready.Add(containerReady);
            }
        }

        return ready;
    }

    /// <summary>The bucket (Spaces, or a local store) and the job that backs up into it.</summary>
    private static void DefineBackups(StackSettings settings, BackupSettings backup, IDockerHost host, SecretSource secrets, IReadOnlyList<Resource> accessories, Func<ComponentResourceOptions> root)
    {
        var password = secrets(backup.PasswordSecret);
        var target = settings.IsCloud
            ? BackupTarget.Spaces(new BackupStorage("backup-storage", new BackupStorageArgs { Settings = backup, StackName = settings.StackName }, root()), backup)
            : BackupTarget.Local(new LocalBackupStore("backup-store", new LocalBackupStoreArgs { Host = host, SecretKey = password, Bucket = backup.Bucket }, root()), password, settings);
        _ = new BackupJob("backup", new BackupJobArgs
        {
            Plan = BackupPlan.For(settings),
            Settings = backup,
            Layout = target.Layout,
            Tools = target.Tools,
            Host = host,
            SuccessRecord = BackupFreshness.For(settings) is null ? null : BackupFreshness.HostRecord(settings),
            Repository = target.Repository,
            Password = password,
            AccessKeyId = target.AccessKeyId,
            SecretAccessKey = target.SecretAccessKey,
            After = [target.Store, .. accessories],
        }, root());
    }

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
}
