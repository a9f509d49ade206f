using Infra.Domain.Containers;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class ContainerServiceArgs : ResourceArgs
{
    public required ContainerSpec Spec { get; init; }
    public required IDockerHost Host { get; init; }
    public required SecretSource Secrets { get; init; }

    /// <summary>Volumes shared by both slots of the service (e.g. uploads), by volume key.</summary>
    public IReadOnlyDictionary<string, Docker.Volume> Volumes { get; init; } = new Dictionary<string, Docker.Volume>();

    /// <summary>Containers that must be healthy before this one starts (accessories, other services).</summary>
    public IReadOnlyList<Resource> StartAfter { get; init; } = [];

    /// <summary>False for a stopped idle slot: the image stays pulled, the container is removed.</summary>
    public bool Run { get; init; } = true;
}

/// <summary>
/// One service in one slot: its image pinned by digest and kept on the host (so switching back
/// needs no pull), and a container on the private network that is healthy before the update ends.
/// </summary>
public sealed class ContainerService : ComponentResource
{
    public ContainerService(string name, ContainerServiceArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.ContainerService, name, args, opts)
    {
        var dockerOptions = new CustomResourceOptions { Parent = this, Provider = args.Host.DockerProvider };

        var image = new Docker.RemoteImage($"{name}-image", new Docker.RemoteImageArgs
        {
            Name = args.Spec.Image,
            KeepLocally = true,
        }, CustomResourceOptions.Merge(dockerOptions, new CustomResourceOptions { DependsOn = { args.Host.Ready } }));

        var dependsOn = new InputList<Resource> { args.Host.Ready };
        foreach (var resource in args.StartAfter)
        {
            dependsOn.Add(resource);
        }

        if (args.Run)
        {
            Container = new Docker.Container(
                name,
                ContainerFactory.Args(args.Spec, image.ImageId, args.Host.Network, args.Secrets, args.Volumes),
                CustomResourceOptions.Merge(dockerOptions, new CustomResourceOptions { DependsOn = dependsOn }));
        }

        ContainerName = Output.Create(args.Run ? args.Spec.ContainerName : "");
        RegisterOutputs(new Dictionary<string, object?> { ["containerName"] = ContainerName });
    }

    /// <summary>The running container; null when the slot is stopped.</summary>
    public Docker.Container? Container { get; }

    [Output]
    public Output<string> ContainerName { get; private set; }
}
