using Infra.Domain.Containers;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

/// <summary>Maps a planned <see cref="ContainerSpec"/> onto Docker container arguments.</summary>
internal static class ContainerFactory
{
    /// <summary>Seconds Pulumi waits for a container's healthcheck to pass before failing the update.</summary>
    public const int HealthyWithinSeconds = 180;

    public static Docker.ContainerArgs Args(
        ContainerSpec spec,
        Input<string> image,
        Docker.Network network,
        SecretSource secrets,
        IReadOnlyDictionary<string, Docker.Volume> volumes)
    {
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
            Name = spec.ContainerName,
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
            Healthcheck = new Docker.Inputs.ContainerHealthcheckArgs
            {
                Tests = spec.HealthCheck.Test.ToList(),
                Interval = spec.HealthCheck.Interval,
                Timeout = spec.HealthCheck.Timeout,
                Retries = spec.HealthCheck.Retries,
                StartPeriod = spec.HealthCheck.StartPeriod,
            },
            Wait = true,
            WaitTimeout = HealthyWithinSeconds,
            Volumes = spec.Volumes.Select(v => new Docker.Inputs.ContainerVolumeArgs
            {
                VolumeName = volumes[v.VolumeKey].Name,
                ContainerPath = v.ContainerPath,
            }).ToList(),
        };

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
