using Infra.Domain.Containers;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class AccessoryArgs : ResourceArgs
{
    public required ContainerSpec Spec { get; init; }
    public required IDockerHost Host { get; init; }
    public required SecretSource Secrets { get; init; }
}

/// <summary>
/// A database or cache on the private network only, its data on a named volume that outlives
/// the stack. Both are protected: replacing or deleting them takes an explicit, visible change.
/// </summary>
public sealed class Accessory : ComponentResource
{
    public Accessory(string name, AccessoryArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.Accessory, name, args, opts)
    {
        var dockerOptions = new CustomResourceOptions { Parent = this, Provider = args.Host.DockerProvider, DependsOn = { args.Host.Ready } };
        var stateful = new CustomResourceOptions { Protect = true, RetainOnDelete = true };

        var volumes = args.Spec.Volumes.ToDictionary(
            v => v.VolumeKey,
            v => new Docker.Volume($"{name}-{v.VolumeKey}", new Docker.VolumeArgs
            {
                Name = args.Host.Names.Volume(v.VolumeName),
                Labels = { new Docker.Inputs.VolumeLabelArgs { Label = ContainerLabels.Accessory, Value = name } },
            }, CustomResourceOptions.Merge(dockerOptions, stateful)));

        var image = new Docker.RemoteImage($"{name}-image", new Docker.RemoteImageArgs
        {
            Name = args.Spec.Image,
            KeepLocally = true,
        }, dockerOptions);

        Container = new Docker.Container(
            name,
            ContainerFactory.Args(args.Spec, image.ImageId, args.Host, args.Secrets, volumes),
            CustomResourceOptions.Merge(dockerOptions, new CustomResourceOptions { Protect = true }));

        ContainerName = Container.Name;
        RegisterOutputs(new Dictionary<string, object?> { ["containerName"] = ContainerName });
    }

    public Docker.Container Container { get; }

    [Output]
    public Output<string> ContainerName { get; private set; }
}
