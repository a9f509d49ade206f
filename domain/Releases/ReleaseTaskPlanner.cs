using Infra.Domain.Containers;
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

        return settings.ServicesIn(slot)
            .SelectMany(service => service.ReleaseTasks.Select(task => Plan(settings, service, task, slot, release, networkName)))
            .ToList();
    }

    private static ReleaseTaskSpec Plan(StackSettings settings, ServiceSettings service, ReleaseTaskSettings task, string slot, SlotRelease release, string networkName)
    {
        var name = Hosting.DockerNames.For(settings).Container(Hosting.ShortNames.ReleaseTask(service.Name, slot, task.Name));
        var image = release.Images[service.Name];
        string[] run =
        [
            "docker", "run", "--detach",
            "--name", name,
            "--network", networkName,
            "--env-file", "/dev/stdin",
            "--label", $"{ContainerLabels.Service}={service.Name}",
            "--label", $"{ContainerLabels.Slot}={slot}",
            "--label", $"{ContainerLabels.Release}={release.Version}",
            "--label", $"{ContainerLabels.Task}={task.Name}",
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
            Script(name, ShellQuote.Join(run), task.TimeoutSeconds),
            service.Env,
            service.Secrets);
    }

    /// <summary>
    /// Runs the task in the background and waits for it with a deadline, needing nothing on the host
    /// but docker and bash (Templates/task.sh).
    /// </summary>
    private static string Script(string name, string dockerRun, int timeoutSeconds) => Template.Fill("Releases/task.sh", new Dictionary<string, string>
    {
        ["name"] = ShellQuote.Word(name),
        ["run"] = dockerRun,
        ["timeout"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}
