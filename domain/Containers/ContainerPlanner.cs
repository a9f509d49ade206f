using Infra.Domain.Settings;

namespace Infra.Domain.Containers;

/// <summary>Turns a service in a slot, or an accessory, into the container that runs it.</summary>
public static class ContainerPlanner
{
    public static ContainerSpec ForService(ServiceSettings service, string slot, SlotRelease release)
    {
        var name = Hosting.ShortNames.SlotContainer(service.Name, slot);
        return new ContainerSpec
        {
            Owner = service.Name,
            ResourceName = name,
            ContainerName = name,
            Image = release.Images[service.Name],
            Port = service.Port,
            Published = service.HostPort is { } hostPort ? new PublishedPort(hostPort, "127.0.0.1") : null,
            HealthCheck = ServiceHealthCheck(service),
            Readiness = ServiceReadiness(service, name),
            Restart = service.Restart,
            MemoryMb = service.MemoryMb,
            Command = service.Command,
            Environment = Sorted(service.Env.Concat(service.Port is { } port
                ? [new KeyValuePair<string, string>("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))]
                : [])),
            SecretEnvironment = Sorted(service.Secrets),
            Labels = Sorted(new Dictionary<string, string>
            {
                [ContainerLabels.Service] = service.Name,
                [ContainerLabels.Slot] = slot,
                [ContainerLabels.Release] = release.Version,
            }),
            Volumes = service.Volumes.Select(v => new VolumeMount(v.Name, Hosting.ShortNames.ServiceVolume(service.Name, v.Name), v.Path)).ToList(),
            NetworkAliases = [name],
            StartAfter = service.DependsOn,
        };
    }

    /// <remarks>A backed-up PostgreSQL also archives its WAL into a second volume (<see cref="Backups.WalArchiving"/>).</remarks>
    public static ContainerSpec ForAccessory(AccessorySettings accessory)
    {
        var kind = AccessoryKinds.Of(accessory.Kind);
        var environment = new Dictionary<string, string>();
        if (accessory.Database is { } database && kind.DatabaseVariable is { } databaseVariable)
        {
            environment[databaseVariable] = database;
        }

        if (accessory.User is { } user && kind.UserVariable is { } userVariable)
        {
            environment[userVariable] = user;
        }

        var secrets = new Dictionary<string, string>();
        foreach (var variable in accessory.PasswordSecret is { } secret ? kind.PasswordVariables : [])
        {
            secrets[variable] = accessory.PasswordSecret!;
        }

        var archivesWal = Backups.WalArchiving.Applies(accessory);
        return new ContainerSpec
        {
            Owner = accessory.Name,
            ResourceName = accessory.Name,
            ContainerName = accessory.Name,
            Image = accessory.Image,
            Port = accessory.Port,
            Published = accessory.HostPort is { } hostPort ? new PublishedPort(hostPort, accessory.HostBind) : null,
            HealthCheck = new HealthCheckSpec(kind.HealthTest(accessory.Port, accessory.PasswordSecret is not null), StartPeriod: "60s", Retries: 10),
            Restart = RestartPolicies.UnlessStopped,
            MemoryMb = accessory.MemoryMb,
            Command = archivesWal ? Backups.WalArchiving.ContainerCommand(accessory.Port) : kind.Command(accessory.Port, accessory.PasswordSecret is not null),
            Environment = Sorted(environment),
            SecretEnvironment = Sorted(secrets),
            Labels = Sorted(new Dictionary<string, string> { [ContainerLabels.Accessory] = accessory.Name }),
            Volumes =
            [
                new VolumeMount(Hosting.ShortNames.AccessoryVolumeKey, Hosting.ShortNames.AccessoryVolume(accessory.Name), accessory.DataPath),
                .. archivesWal
                    ? [new VolumeMount(Backups.WalArchiving.VolumeKey, Backups.WalArchiving.VolumeName(accessory.Name), Backups.WalArchiving.ContainerArchiveDirectory)]
                    : Array.Empty<VolumeMount>(),
            ],
            NetworkAliases = [accessory.Name],
        };
    }

    /// <summary>
    /// A Docker healthcheck only where the stack file asks for one (<c>healthCommand</c>, e.g. a
    /// worker): nothing is assumed inside the image. A service with a health path gets none; it is
    /// ready when <see cref="ServiceReadiness"/> says so, from outside.
    /// </summary>
    private static HealthCheckSpec? ServiceHealthCheck(ServiceSettings service) =>
        service.HealthCommand is { Count: > 0 } command ? new HealthCheckSpec(["CMD", .. command], WithinSeconds: service.ReadyTimeoutSeconds) : null;

    private static Hosting.ReadinessProbe? ServiceReadiness(ServiceSettings service, string alias) =>
        service.HealthCommand is not { Count: > 0 } && service.Port is { } port && service.HealthPath is { } path
            ? new Hosting.ReadinessProbe(alias, port, path, service.ReadyTimeoutSeconds)
            : null;

    private static SortedDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }

        return sorted;
    }
}
