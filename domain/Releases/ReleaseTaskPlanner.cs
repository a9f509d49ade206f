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
        var name = Hosting.DockerNames.For(settings).Container($"{service.Name}-{slot}-{task.Name}");
        var image = release.Images[service.Name];
        string[] run =
        [
            "docker", "run", "--detach",
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
            Script(name, ShellQuote.Join(run), task.TimeoutSeconds),
            service.Env,
            service.Secrets);
    }

    /// <summary>
    /// Runs the task in the background and waits for it with a deadline, needing nothing on the host
    /// but docker and bash (3.2 as on macOS will do): `docker wait` prints the exit status when the
    /// task ends, and the read of it gives up at the deadline. The update fails with the task's exit
    /// status, or 124 when it ran out of time (the container is then removed, so nothing of it runs on).
    /// </summary>
    private static string Script(string name, string dockerRun, int timeoutSeconds) => TaskScript
        .Replace("{{name}}", ShellQuote.Word(name), StringComparison.Ordinal)
        .Replace("{{run}}", dockerRun, StringComparison.Ordinal)
        .Replace("{{timeout}}", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string TaskScript = """
        set -eu
        name={{name}}
        # A container left by an interrupted run would block the name; it never took traffic.
        docker rm -f "$name" >/dev/null 2>&1 || true
        {{run}} >/dev/null
        status=""
        read -r -t {{timeout}} status < <(docker wait "$name") || true
        docker logs "$name" 2>&1 || true
        if [ -z "$status" ]; then
          # Removing the container also ends the `docker wait` above.
          docker rm -f "$name" >/dev/null 2>&1 || true
          echo "release task $name did not finish within {{timeout}} s; stopped it" >&2
          exit 124
        fi
        docker rm "$name" >/dev/null
        if [ "$status" != 0 ]; then
          echo "release task $name exited with status $status" >&2
        fi
        exit "$status"

        """;
}
