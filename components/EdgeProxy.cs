using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class EdgeProxyArgs : ResourceArgs
{
    public required StackSettings Settings { get; init; }
    public required IDockerHost Host { get; init; }

    /// <summary>What must be running before traffic moves: the active slot's containers and release tasks.</summary>
    public IReadOnlyList<Resource> ActiveSlot { get; init; } = [];

    /// <summary>Resolves the secret of a provided certificate's key (infra:tls.keySecret).</summary>
    public required SecretSource Secrets { get; init; }

    /// <summary>What makes the edge's names resolve to the server (its DNS records): the ACME CA looks them up.</summary>
    public IReadOnlyList<Resource> NamesResolve { get; init; } = [];
}

/// <summary>
/// HAProxy owning the public ports: routes go to the active slot, the preview listener to the idle
/// one. The container never changes when the active slot does: a promotion only re-runs the switch
/// step, which checks the slot's health, stages the new haproxy.cfg, flips servers through the runtime
/// API and persists the choice. Files and switch are written and run by helper containers (the proxy's
/// own image), so the host needs nothing but Docker.
/// </summary>
public sealed class EdgeProxy : ComponentResource
{
    public EdgeProxy(string name, EdgeProxyArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.EdgeProxy, name, args, opts)
    {
        var settings = args.Settings;
        var host = args.Host;
        var filesSource = ProxyInstall.FilesSource(settings);
        var filesDependOn = new InputList<Resource>();
        Docker.Volume? filesVolume = null;
        if (!settings.Server.IsDigitalOcean)
        {
            // No host folder on the local engine: the files sit in a named volume of the stack. Its
            // haproxy.cfg is the record of the active slot, so it is kept like data.
            filesVolume = new Docker.Volume($"{name}-files-volume", new Docker.VolumeArgs
            {
                Name = filesSource,
                Labels = { new Docker.Inputs.VolumeLabelArgs { Label = "infra.proxy", Value = settings.StackName } },
            }, new CustomResourceOptions { Parent = this, Provider = host.DockerProvider, DependsOn = { host.Ready }, Protect = true, RetainOnDelete = true });
            filesDependOn.Add(filesVolume);
        }

        var files = host.RunOnHost($"{name}-{Infra.Domain.Resources.ProxyReloadSteps.Files}", new HostCommand
        {
            Create = ProxyInstall.HostRun(settings),
        }, new CustomResourceOptions { Parent = this, DependsOn = filesDependOn });

        var containerDependsOn = new InputList<Resource> { host.Ready, files };
        if (Infra.Domain.Tls.OriginTlsPlan.For(settings) is not null)
        {
            Tls = new OriginTls($"{name}-tls", new OriginTlsArgs { Settings = settings, Host = host, Secrets = args.Secrets, After = filesDependOn }, new ComponentResourceOptions { Parent = this });
            containerDependsOn.Add(Tls.Installed);
        }

        var image = new Docker.RemoteImage($"{name}-image", new Docker.RemoteImageArgs
        {
            Name = ProxyImage.Reference,
            KeepLocally = true,
        }, new CustomResourceOptions { Parent = this, Provider = host.DockerProvider, DependsOn = { host.Ready } });

        // Locally the listeners stay on this machine; on a droplet the firewall decides who reaches them.
        var bind = settings.IsCloud ? "0.0.0.0" : "127.0.0.1";
        var ports = new InputList<Docker.Inputs.ContainerPortArgs>();
        foreach (var port in new[] { settings.Proxy.HttpPort, settings.Proxy.HttpsPort, settings.Proxy.PreviewPort }.OfType<int>())
        {
            ports.Add(new Docker.Inputs.ContainerPortArgs { Internal = port, External = port, Ip = bind });
        }

        Container = new Docker.Container(name, new Docker.ContainerArgs
        {
            Name = host.Names.Proxy,
            Image = image.ImageId,
            Restart = RestartPolicies.UnlessStopped,
            Memory = 256,
            Ports = ports,
            NetworksAdvanced = { new Docker.Inputs.ContainerNetworksAdvancedArgs { Name = host.Network.Name, Aliases = { Infra.Domain.Hosting.DockerNames.ProxyAlias } } },
            Volumes =
            {
                filesVolume is null
                    ? new Docker.Inputs.ContainerVolumeArgs { HostPath = filesSource, ContainerPath = ProxyLayout.ContainerConfigDirectory, ReadOnly = true }
                    : new Docker.Inputs.ContainerVolumeArgs { VolumeName = filesVolume.Name, ContainerPath = ProxyLayout.ContainerConfigDirectory, ReadOnly = true },
            },
            LogDriver = Infra.Domain.Containers.LogRotation.Driver,
            LogOpts = Infra.Domain.Containers.LogRotation.Options.ToDictionary(kv => kv.Key, kv => kv.Value),
            Labels = { new Docker.Inputs.ContainerLabelArgs { Label = "infra.proxy", Value = settings.StackName } },
        }, new CustomResourceOptions { Parent = this, Provider = host.DockerProvider, DependsOn = containerDependsOn });

        if (Infra.Domain.Tls.OriginTlsPlan.For(settings) is { Source: Infra.Domain.Tls.CertificateSources.Acme } acme)
        {
            // The CA's challenges reach the client through the running proxy (its files route them), so
            // after both. The script and its timer renew from then on; the first update of each check
            // period runs it again.
            var checkPeriod = Infra.Domain.Tls.CertificateRenewal.Period(DateTimeOffset.UtcNow, Infra.Domain.Tls.AcmeRenewal.CheckPeriodDays(acme.Settings));
            AcmeRenewal = host.RunOnHost($"{name}-{Infra.Domain.Resources.ProxyReloadSteps.AcmeRenewal}", new HostCommand
            {
                Create = Infra.Domain.Tls.AcmeRenewal.HostRun(settings),
                Triggers = new InputList<object> { (Input<object>)checkPeriod.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, new CustomResourceOptions { Parent = this, DependsOn = Inputs([Container, files, .. args.NamesResolve]) });
        }

        var dependsOn = new InputList<Resource> { Container, files };
        foreach (var resource in args.ActiveSlot)
        {
            dependsOn.Add(resource);
        }

        var active = settings.Release.ActiveSlot;
        Switch = host.RunOnHost($"{name}-switch", new HostCommand
        {
            Create = SwitchScript.HostRun(settings, active),
            // A promotion (or a new release in the active slot) re-runs the switch; nothing else does.
            Triggers = new InputList<object> { (Input<object>)active, (Input<object>)(settings.Release.For(active)?.Version ?? "") },
        }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });

        ActiveSlotName = Output.Create(active);
        RegisterOutputs(new Dictionary<string, object?> { ["activeSlot"] = ActiveSlotName });
    }

    public Docker.Container Container { get; }

    private static InputList<Resource> Inputs(IEnumerable<Resource> resources)
    {
        var list = new InputList<Resource>();
        foreach (var resource in resources)
        {
            list.Add(resource);
        }

        return list;
    }

    /// <summary>The HTTPS listener's certificate, when infra:proxy.httpsPort is set.</summary>
    public OriginTls? Tls { get; }

    public Resource Switch { get; }

    /// <summary>With an ACME certificate: the step that installs its renewal and runs it once.</summary>
    public Resource? AcmeRenewal { get; }

    [Output]
    public Output<string> ActiveSlotName { get; private set; }
}
