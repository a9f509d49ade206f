using Infra.Domain.Containers;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

/// <summary>Maps a planned <see cref="ContainerSpec"/> onto Docker container arguments.</summary>
internal static class ContainerFactory
{
    /// <param name="host">The engine: its network and its naming rule (the container is named by it, aliased by its short name).</param>
    public static Docker.ContainerArgs Args(
        ContainerSpec spec,
        Input<string> image,
        IDockerHost host,
        SecretSource secrets,
        IReadOnlyDictionary<string, Docker.Volume> volumes)
    {
        var network = host.Network;
        var envs = new InputList<string>();
        foreach (var (key, value) in spec.Environment)
        {
            envs.Add($"{key}={value}");
        }

        foreach (var (variable, configKey) in spec.SecretEnvironment)
        {
            envs.Add(Output.Format($"{variable}={secrets(configKey)}"));
        }

        var args = new Docker.ContainerArgs
        {
            Name = host.Names.Container(spec.ContainerName),
            Image = image,
            Envs = envs,
            Restart = spec.Restart,
            Memory = spec.MemoryMb,
            LogDriver = LogRotation.Driver,
            LogOpts = LogRotation.Options.ToDictionary(kv => kv.Key, kv => kv.Value),
            Labels = spec.Labels.Select(kv => new Docker.Inputs.ContainerLabelArgs { Label = kv.Key, Value = kv.Value }).ToList(),
            NetworksAdvanced =
            {
                new Docker.Inputs.ContainerNetworksAdvancedArgs { Name = network.Name, Aliases = spec.NetworkAliases.ToList() },
            },
            // Docker waits only for a healthcheck run inside the image (healthCommand, accessories); an HTTP
            // service has none and is proven ready from outside (ContainerService.Ready).
            Wait = spec.HealthCheck is not null,
            Volumes = spec.Volumes.Select(v => new Docker.Inputs.ContainerVolumeArgs
            {
                VolumeName = volumes[v.VolumeKey].Name,
                ContainerPath = v.ContainerPath,
            }).ToList(),
        };

        if (spec.HealthCheck is { } health)
        {
            args.Healthcheck = new Docker.Inputs.ContainerHealthcheckArgs
            {
                Tests = health.Test.ToList(),
                Interval = health.Interval,
                Timeout = health.Timeout,
                Retries = health.Retries,
                StartPeriod = health.StartPeriod,
            };
            args.WaitTimeout = health.WithinSeconds;
        }

        if (spec.Command.Count > 0)
        {
            args.Command = spec.Command.ToList();
        }

        if (spec.Published is { } published)
        {
            args.Ports.Add(new Docker.Inputs.ContainerPortArgs
            {
                Internal = spec.Port!.Value,
                External = published.HostPort,
                Ip = published.HostIp,
            });
        }

        return args;
    }
}
