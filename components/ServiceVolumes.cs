using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class ServiceVolumesArgs : ResourceArgs
{
    /// <summary>The service's volume keys (e.g. <c>uploads</c>).</summary>
    public required IReadOnlyList<string> Volumes { get; init; }
    public required IDockerHost Host { get; init; }
}

/// <summary>
/// The named volumes a service keeps across releases (e.g. uploads), shared by both of its slots.
/// Protected and retained, like an accessory's data.
/// </summary>
public sealed class ServiceVolumes : ComponentResource
{
    /// <param name="name">The service's name.</param>
    public ServiceVolumes(string name, ServiceVolumesArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.ServiceVolumes, name, args, opts)
    {
        Volumes = args.Volumes.ToDictionary(
            volume => volume,
            volume => new Docker.Volume(ShortNames.ServiceVolume(name, volume), new Docker.VolumeArgs
            {
                Name = args.Host.Names.Volume(ShortNames.ServiceVolume(name, volume)),
                Labels = { new Docker.Inputs.VolumeLabelArgs { Label = ContainerLabels.Service, Value = name } },
            }, new CustomResourceOptions
            {
                Parent = this,
                Provider = args.Host.DockerProvider,
                DependsOn = { args.Host.Ready },
                Protect = true,
                RetainOnDelete = true,
                // Before this component existed these volumes were children of the host: keep their URNs.
                Aliases = { new Alias { Parent = (Resource)args.Host } },
            }),
            StringComparer.Ordinal);
        RegisterOutputs();
    }

    /// <summary>By volume key.</summary>
    public IReadOnlyDictionary<string, Docker.Volume> Volumes { get; }
}
