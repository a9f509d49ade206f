using Infra.Domain.Backups;
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
/// does without a cloud account. Its data sits on a retained volume; it listens on loopback only.
/// </summary>
public sealed class LocalBackupStore : ComponentResource
{
    public const string Image = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
    public const int Port = Infra.Domain.Validation.PortClaims.LocalBackupStorePort;
    public const string AccessKey = "infra-local";

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
            Ports = { new Docker.Inputs.ContainerPortArgs { Internal = Port, External = Port, Ip = "127.0.0.1" } },
            Volumes = { new Docker.Inputs.ContainerVolumeArgs { VolumeName = volume.Name, ContainerPath = "/data" } },
            NetworksAdvanced = { new Docker.Inputs.ContainerNetworksAdvancedArgs { Name = args.Host.Network.Name, Aliases = { name } } },
            Restart = "unless-stopped",
            Healthcheck = new Docker.Inputs.ContainerHealthcheckArgs
            {
                Tests = { "CMD", "mc", "ready", "local" },
                Interval = "5s",
                Retries = 10,
            },
            Wait = true,
        }, docker);

        Repository = Output.Create($"s3:http://127.0.0.1:{Port}/{args.Bucket}/restic");
        RegisterOutputs(new Dictionary<string, object?> { ["repository"] = Repository });
    }

    public Docker.Container Container { get; }

    [Output]
    public Output<string> Repository { get; private set; }
}
