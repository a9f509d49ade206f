using System.Collections.Immutable;
using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class BackupJobArgs : ResourceArgs
{
    public required BackupPlan Plan { get; init; }
    public required BackupSettings Settings { get; init; }
    public required BackupHostLayout Layout { get; init; }
    public required IDockerHost Host { get; init; }
    public required Input<string> Repository { get; init; }
    public required Output<string> Password { get; init; }
    public required Output<string> AccessKeyId { get; init; }
    public required Output<string> SecretAccessKey { get; init; }

    /// <summary>Where a successful run records its time for the backup-freshness check; null without one.</summary>
    public string? SuccessRecord { get; init; }

    /// <summary>Local engine: the scripts run in a helper container of these tools, not on the host.</summary>
    public Infra.Domain.Hosting.BackupTools? Tools { get; init; }

    /// <summary>The bucket or store that must exist first.</summary>
    public IReadOnlyList<Resource> After { get; init; } = [];
}

/// <summary>
/// Installs the backup on the host: scripts, credentials (root only, passed on stdin), the systemd
/// timers on a droplet, and the repository. Re-installs when anything it renders changes. On the local
/// engine, where there is no systemd, a long-running container runs the installed scripts on the
/// schedule instead (<see cref="Infra.Domain.Hosting.BackupSchedule"/>).
/// </summary>
public sealed class BackupJob : ComponentResource
{
    public BackupJob(string name, BackupJobArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.BackupJob, name, args, opts)
    {
        var environment = Output.Tuple(args.Repository.ToOutput(), args.Password, args.AccessKeyId, args.SecretAccessKey)
            .Apply(values => BackupEnvironmentFile.Render(new BackupEnvironment(
                values.Item1, values.Item2, values.Item3, values.Item4, args.Settings.HeartbeatUrl, args.SuccessRecord)));

        var dependsOn = new InputList<Resource>();
        foreach (var resource in args.After)
        {
            dependsOn.Add(resource);
        }

        if (args.Tools is { } tools)
        {
            var docker = new CustomResourceOptions { Parent = this, Provider = args.Host.DockerProvider, DependsOn = { args.Host.Ready } };
            dependsOn.Add(new Docker.Volume($"{name}-state", new Docker.VolumeArgs { Name = tools.Volume }, docker));
            foreach (var (resource, image) in new[] { ("restic", Infra.Domain.Hosting.BackupTools.ResticImage), ("docker-cli", Infra.Domain.Hosting.BackupTools.DockerCliImage) })
            {
                dependsOn.Add(new Docker.RemoteImage($"{name}-{resource}-image", new Docker.RemoteImageArgs { Name = image, KeepLocally = true }, docker));
            }
        }

        Install = args.Host.RunOnHost($"{name}-install", new HostCommand
        {
            Create = args.Tools is { } helper ? helper.Install(args.Plan, args.Settings.Schedule) : BackupInstall.Render(args.Plan, args.Settings.Schedule, args.Layout),
            Stdin = Output.CreateSecret(environment),
        }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });

        if (args.Tools is { } local)
        {
            Schedule = DeclareSchedule(name, local.Schedule(args.Plan, args.Settings.Schedule), args.Host);
        }

        RegisterOutputs();
    }

    public Resource Install { get; }

    /// <summary>The local engine's scheduler container; null on a droplet, where systemd timers run the scripts.</summary>
    public Docker.Container? Schedule { get; }

    /// <summary>
    /// The scheduler mounts Docker's volume folder like the helpers, which ask the engine for it each time
    /// they run (<c>docker info</c> in their command line). A container is declared with its mounts, so the
    /// engine is asked once, by a host step, when it is deployed: the same answer on Linux and on Docker
    /// Desktop (its VM's folder), with nothing assumed about the host.
    /// </summary>
    private Docker.Container DeclareSchedule(string name, Infra.Domain.Hosting.BackupSchedule schedule, IDockerHost host)
    {
        var (_, dockerRoot) = host.ReadFromHost($"{name}-docker-root", new HostCommand { Create = Infra.Domain.Hosting.BackupTools.DockerRootQuery },
            new CustomResourceOptions { Parent = this });

        // The image the install built, by ID (Docker keeps a container's image as its ID; a tag would differ on every deploy).
        var (_, imageId) = host.ReadFromHost($"{name}-tools-image", new HostCommand { Create = Infra.Domain.Hosting.BackupTools.ImageIdQuery },
            new CustomResourceOptions { Parent = this, DependsOn = { Install } });
        var mounts = dockerRoot.Apply(root => schedule.Mounts(root.Trim())
            .Select(m => m.Source.StartsWith('/')
                ? new Docker.Inputs.ContainerVolumeArgs { HostPath = m.Source, ContainerPath = m.Target }
                : new Docker.Inputs.ContainerVolumeArgs { VolumeName = m.Source, ContainerPath = m.Target })
            .ToImmutableArray());

        return new Docker.Container($"{name}-schedule", new Docker.ContainerArgs
        {
            Name = schedule.ContainerName,
            Hostname = schedule.Hostname,
            Image = imageId.Apply(id => id.Trim()),
            User = schedule.User,
            Entrypoints = { schedule.Entrypoint },
            Command = schedule.Command.ToList(),
            Envs = schedule.Environment.ToList(),
            Volumes = mounts,
            NetworksAdvanced = { new Docker.Inputs.ContainerNetworksAdvancedArgs { Name = host.Network.Name } },
            Restart = schedule.Restart,
            Init = schedule.Init,
            StopSignal = Infra.Domain.Hosting.BackupSchedule.StopSignal,
            StopTimeout = Infra.Domain.Hosting.BackupSchedule.StopSeconds,
            // Replaced or deleted by a deploy: stopped as `docker stop` does (a running backup records it), not killed.
            DestroyGraceSeconds = Infra.Domain.Hosting.BackupSchedule.StopSeconds,
            LogDriver = Infra.Domain.Containers.LogRotation.Driver,
            LogOpts = Infra.Domain.Containers.LogRotation.Options.ToDictionary(kv => kv.Key, kv => kv.Value),
            Labels = { new Docker.Inputs.ContainerLabelArgs { Label = Infra.Domain.Hosting.BackupSchedule.Label.Key, Value = Infra.Domain.Hosting.BackupSchedule.Label.Value } },
        }, new CustomResourceOptions
        {
            Parent = this,
            Provider = host.DockerProvider,
            // The scripts it runs are installed by the install (its image too, which the image step reads after it).
            DependsOn = { Install },
        });
    }
}
