using Infra.Domain.Hosting;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class LocalBackupStoreArgs : ResourceArgs
{
    public required IDockerHost Host { get; init; }
    public required Output<string> SecretKey { get; init; }
    public required string Bucket { get; init; }
}

/// <summary>
/// An S3-compatible store (MinIO) on the local engine, so the local stack backs up the way prod
/// does without a cloud account. Its data sits on a retained volume; it is reached only over the
/// stack's private network (by the backup helper), never published. Ready when its liveness path
/// answers from outside the container, like a service.
/// </summary>
public sealed class LocalBackupStore : ComponentResource
{
    public const string Image = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
    public const int Port = 9000;
    public const string AccessKey = "infra-local";

    /// <summary>MinIO's liveness endpoint: 200 while the server runs.</summary>
    public const string HealthPath = "/minio/health/live";

    public LocalBackupStore(string name, LocalBackupStoreArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.LocalBackupStore, name, args, opts)
    {
        var docker = new CustomResourceOptions { Parent = this, Provider = args.Host.DockerProvider, DependsOn = { args.Host.Ready } };

        var volume = new Docker.Volume($"{name}-data", new Docker.VolumeArgs { Name = args.Host.Names.Volume($"{name}-data") },
            CustomResourceOptions.Merge(docker, new CustomResourceOptions { Protect = true, RetainOnDelete = true }));

        var image = new Docker.RemoteImage($"{name}-image", new Docker.RemoteImageArgs { Name = Image, KeepLocally = true }, docker);

        Container = new Docker.Container(name, new Docker.ContainerArgs
        {
            Name = args.Host.Names.Container(name),
            Image = image.ImageId,
            Command = { "server", "/data" },
            Envs = { $"MINIO_ROOT_USER={AccessKey}", Output.Format($"MINIO_ROOT_PASSWORD={args.SecretKey}") },
            Volumes = { new Docker.Inputs.ContainerVolumeArgs { VolumeName = volume.Name, ContainerPath = "/data" } },
            NetworksAdvanced = { new Docker.Inputs.ContainerNetworksAdvancedArgs { Name = args.Host.Network.Name, Aliases = { name } } },
            Restart = "unless-stopped",
        }, docker);

        var probe = new ReadinessProbe(name, Port, HealthPath);
        Ready = args.Host.RunOnHost($"{name}-ready", new HostCommand
        {
            Create = probe.HostCommand(args.Host.Names),
            Triggers = new InputList<object> { (Input<object>)Container.Id.Apply(id => (object)id) },
        }, new CustomResourceOptions { Parent = this, DependsOn = { Container } });

        // Reached by its alias on the stack's network, from the backup helper.
        Repository = Output.Create($"s3:http://{name}:{Port}/{args.Bucket}/restic");
        RegisterOutputs(new Dictionary<string, object?> { ["repository"] = Repository });
    }

    public Docker.Container Container { get; }

    /// <summary>Completes when the store answers; what the backup's install runs after.</summary>
    public Resource Ready { get; }

    [Output]
    public Output<string> Repository { get; private set; }
}
