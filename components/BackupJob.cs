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
/// timer on a droplet, and the repository. Re-installs when anything it renders changes.
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

        RegisterOutputs();
    }

    public Resource Install { get; }
}
