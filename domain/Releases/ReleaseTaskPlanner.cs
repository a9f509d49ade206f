using Infra.Domain.Settings;

namespace Infra.Domain.Releases;

/// <summary>The release tasks of a slot's release, in config order, as host commands.</summary>
public static class ReleaseTaskPlanner
{
    public static IReadOnlyList<ReleaseTaskSpec> For(StackSettings settings, string slot, string networkName)
    {
        if (settings.Release.For(slot) is not { IsEmpty: false } release)
        {
            return [];
        }

        return settings.Services
            .SelectMany(service => service.ReleaseTasks.Select(task => Plan(settings, service, task, slot, release, networkName)))
            .ToList();
    }

    private static ReleaseTaskSpec Plan(StackSettings settings, ServiceSettings service, ReleaseTaskSettings task, string slot, SlotRelease release, string networkName)
    {
        var name = Hosting.DockerNames.For(settings).Container($"{service.Name}-{slot}-{task.Name}");
        var image = release.Images[service.Name];
        string[] run =
        [
            "docker", "run", "--rm",
            "--name", name,
            "--network", networkName,
            "--env-file", "/dev/stdin",
            "--label", $"infra.service={service.Name}",
            "--label", $"infra.slot={slot}",
            "--label", $"infra.release={release.Version}",
            "--label", $"infra.task={task.Name}",
            image,
            .. task.Command,
        ];
        return new ReleaseTaskSpec(
            name,
            service.Name,
            slot,
            task.Name,
            image,
            release.Version,
            // Fails the update when the task fails: the exit status of docker run is the task's.
            "set -eu\n" + ShellQuote.Join(run) + "\n",
            service.Env,
            service.Secrets);
    }
}
