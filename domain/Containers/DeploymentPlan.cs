using Infra.Domain.Settings;

namespace Infra.Domain.Containers;

/// <summary>
/// Which containers a stack runs: every accessory, and every service in every slot that holds a
/// release, planned from the settings that slot was deployed with; and the named volumes services
/// keep across releases.
/// </summary>
/// <param name="ServiceVolumes">
/// Volume keys by service. Both slots mount the same volume, and it stays while the stack file or
/// either slot still mounts it.
/// </param>
public sealed record DeploymentPlan(IReadOnlyList<ContainerSpec> Accessories, IReadOnlyList<SlotContainers> Slots, IReadOnlyDictionary<string, IReadOnlyList<string>> ServiceVolumes)
{
    public static DeploymentPlan For(StackSettings settings)
    {
        var accessories = settings.Accessories.Select(ContainerPlanner.ForAccessory).ToList();
        var slots = Settings.Slots.All
            .Select(slot => (slot, release: settings.Release.For(slot)))
            .Where(s => s.release is { IsEmpty: false })
            .Select(s => new SlotContainers(
                s.slot,
                s.release!.Version,
                s.slot == settings.Release.ActiveSlot,
                s.slot == settings.Release.ActiveSlot || !settings.Release.StopIdle,
                StartOrder(settings.ServicesIn(s.slot)).Select(service => ContainerPlanner.ForService(service, s.slot, s.release)).ToList())
            {
                KeepsCreatedSettings = s.slot == settings.Release.ActiveSlot && !s.release!.IsPinned,
            })
            .ToList();
        return new DeploymentPlan(accessories, slots, VolumesKept(settings));
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> VolumesKept(StackSettings settings) =>
        settings.Services.Concat(Settings.Slots.All.SelectMany(settings.ServicesIn))
            .SelectMany(s => s.Volumes.Select(v => (Service: s.Name, Volume: v.Name)))
            .Distinct()
            .GroupBy(v => v.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(v => v.Volume).ToList(), StringComparer.Ordinal);

    /// <summary>Services ordered so each comes after the services it depends on (validation rules out cycles).</summary>
    public static IReadOnlyList<ServiceSettings> StartOrder(IReadOnlyList<ServiceSettings> services)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var ordered = new List<ServiceSettings>();
        var placed = new HashSet<string>(StringComparer.Ordinal);

        void Place(ServiceSettings service)
        {
            if (!placed.Add(service.Name))
            {
                return;
            }

            foreach (var dependency in service.DependsOn.Where(byName.ContainsKey))
            {
                Place(byName[dependency]);
            }

            ordered.Add(service);
        }

        foreach (var service in services)
        {
            Place(service);
        }

        return ordered;
    }
}

/// <param name="Runs">Whether the slot's containers run; an idle slot is stopped only when the config says stopIdle.</param>
public sealed record SlotContainers(string Slot, string Version, bool IsActive, bool Runs, IReadOnlyList<ContainerSpec> Services)
{
    /// <summary>
    /// The live slot was written by hand, without the settings `release deploy` pins: it would follow
    /// infra:services and the stack's secrets, so an edit of them would restart what takes traffic.
    /// Instead its containers keep the settings (<see cref="SettingsInputs"/>) they were created with;
    /// an edit reaches traffic only by a deploy into the idle slot and a promotion, like any other.
    /// </summary>
    public bool KeepsCreatedSettings { get; init; }

    /// <summary>The container inputs that come from a service's settings and secrets (Docker provider names).</summary>
    public static readonly IReadOnlyList<string> SettingsInputs = ["envs", "command", "memory", "volumes", "healthcheck", "restart", "ports", "labels", "waitTimeout"];
}
