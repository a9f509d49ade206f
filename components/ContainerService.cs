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

    /// <summary>What must be ready before this one starts (accessories, other services' <see cref="ContainerService.Ready"/>).</summary>
    public IReadOnlyList<Resource> StartAfter { get; init; } = [];

    /// <summary>False for a stopped idle slot: the image stays pulled, the container is removed.</summary>
    public bool Run { get; init; } = true;

    /// <summary>The live slot written by hand: its container keeps the settings it was created with (see <see cref="Infra.Domain.Containers.SlotContainers.KeepsCreatedSettings"/>).</summary>
    public bool KeepCreatedSettings { get; init; }
}

/// <summary>
/// One service in one slot: its image pinned by digest and kept on the host (so switching back
/// needs no pull), a container on the private network, and <see cref="Ready"/>, which completes only
/// once the container is ready: for an HTTP service its health path answers 2xx, asked from outside
/// the container by a probe on the stack's network (nothing needed inside the image); otherwise its
/// Docker healthcheck (healthCommand) passes. Either has a deadline, and failing it fails the update.
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
            var container = new Docker.Container(
                name,
                ContainerFactory.Args(args.Spec, image.ImageId, args.Host, args.Secrets, args.Volumes),
                CustomResourceOptions.Merge(dockerOptions, new CustomResourceOptions
                {
                    DependsOn = dependsOn,
                    IgnoreChanges = args.KeepCreatedSettings ? [.. Infra.Domain.Containers.SlotContainers.SettingsInputs] : [],
                }));
            IgnoredChanges = args.KeepCreatedSettings ? Infra.Domain.Containers.SlotContainers.SettingsInputs : [];
            Container = container;
            Ready = args.Spec.Readiness is { } probe
                ? args.Host.RunOnHost($"{name}-ready", new HostCommand
                {
                    Create = probe.HostCommand(args.Host.Names),
                    // A new container (new image, settings or a replacement) is probed again.
                    Triggers = new InputList<object> { (Input<object>)container.Id.Apply(id => (object)id) },
                }, new CustomResourceOptions { Parent = this, DependsOn = { container } })
                : container;
        }

        ContainerName = Output.Create(args.Run ? args.Host.Names.Container(args.Spec.ContainerName) : "");
        RegisterOutputs(new Dictionary<string, object?> { ["containerName"] = ContainerName });
    }

    /// <summary>The container inputs the engine keeps as created (the live slot written by hand); empty otherwise.</summary>
    public IReadOnlyList<string> IgnoredChanges { get; } = [];

    /// <summary>The running container; null when the slot is stopped.</summary>
    public Docker.Container? Container { get; }

    /// <summary>Completes when the container is ready; what dependents start after. Null when the slot is stopped.</summary>
    public Resource? Ready { get; }

    [Output]
    public Output<string> ContainerName { get; private set; }
}
