using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;

namespace Infra.Release.Operations;

/// <summary>A container of the stack, named as the engine knows it, and what it is for a person.</summary>
public sealed record ContainerTarget(string Container, string Description);

/// <summary>Which container an operator's command means: a service in a slot, an accessory, the proxy, or the local stack's backup scheduler.</summary>
public static class ContainerChoice
{
    /// <summary>A service's container in the chosen slot (active by default).</summary>
    public static ContainerTarget Service(StackSettings settings, string service, string? slot)
    {
        var chosen = SlotChoice.Resolve(settings.Release, slot);
        var found = RequireService(settings, service, chosen);
        var release = RequireRelease(settings, service, chosen);
        var spec = ContainerPlanner.ForService(found, chosen, release);
        return new ContainerTarget(DockerNames.For(settings).Container(spec.ContainerName), $"service '{service}' in slot {chosen} (release {release.Version})");
    }

    /// <summary>A service in a slot, an accessory, the proxy, or (local stack with backups) the backup scheduler, by name; --slot applies to services only.</summary>
    public static ContainerTarget Any(StackSettings settings, string name, string? slot)
    {
        var names = DockerNames.For(settings);
        if (settings.Services.Any(s => s.Name == name) || Slots.All.Any(s => settings.ServicesIn(s).Any(x => x.Name == name)))
        {
            return Service(settings, name, slot);
        }

        var other = settings.Accessories.Any(a => a.Name == name)
            ? new ContainerTarget(names.Container(name), $"accessory '{name}'")
            : name == DockerNames.ProxyAlias
                ? new ContainerTarget(names.Proxy, "the proxy")
                : name == BackupSchedule.Alias && BackupSchedule.ContainerFor(settings) is { } scheduler
                    ? new ContainerTarget(scheduler, "the backup scheduler")
                    : throw Unknown(settings, name);
        return slot is null
            ? other
            : throw new ReleaseRefusal($"--slot applies to services; {other.Description} runs in no slot");
    }

    public static SlotRelease RequireRelease(StackSettings settings, string service, string slot) =>
        settings.Release.For(slot) is { IsEmpty: false } release
            ? release
            : throw new ReleaseRefusal($"slot {slot} of stack '{settings.StackName}' holds no release, so service '{service}' has no container there");

    public static ServiceSettings RequireService(StackSettings settings, string service, string slot) =>
        settings.ServicesIn(slot).FirstOrDefault(s => s.Name == service)
            ?? (settings.Services.Any(s => s.Name == service)
                ? throw new ReleaseRefusal($"service '{service}' is not in the release in slot {slot} of stack '{settings.StackName}' (it was added after that deploy)")
                : throw Unknown(settings, service, servicesOnly: true));

    private static ReleaseRefusal Unknown(StackSettings settings, string name, bool servicesOnly = false)
    {
        var services = string.Join(", ", settings.Services.Select(s => s.Name));
        return servicesOnly
            ? new ReleaseRefusal($"stack '{settings.StackName}' has no service '{name}'; its services: {services}")
            : new ReleaseRefusal($"stack '{settings.StackName}' has no service or accessory '{name}'; services: {services}; accessories: {string.Join(", ", settings.Accessories.Select(a => a.Name).DefaultIfEmpty("none"))}; or proxy{(BackupSchedule.ContainerFor(settings) is null ? "" : $", {BackupSchedule.Alias}")}");
    }
}
