using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;

namespace Infra.Release.Operations;

/// <summary>
/// A console in a new container of a slot's image, with that slot's env and secrets, on the stack's
/// network, removed afterwards: created with its env file on standard input (secrets never on a
/// command line), started attached to the user's terminal, removed whatever happens.
/// </summary>
public sealed record ExecPlan(IReadOnlyList<string> Create, string EnvFile, IReadOnlyList<string> Start, IReadOnlyList<string> Remove)
{
    /// <param name="secretValues">The slot's secret values by config key.</param>
    /// <param name="run">Makes the container's name unique, so two consoles never collide.</param>
    /// <param name="terminal">Whether the user's side is a terminal (then the container gets one).</param>
    public static ExecPlan NewContainer(
        StackSettings settings,
        string service,
        string slot,
        IReadOnlyDictionary<string, string> secretValues,
        IReadOnlyList<string> command,
        string run,
        bool terminal)
    {
        var found = ContainerChoice.RequireService(settings, service, slot);
        var release = ContainerChoice.RequireRelease(settings, service, slot);
        var spec = ContainerPlanner.ForService(found, slot, release);
        var names = DockerNames.For(settings);
        var name = names.Container($"{spec.ContainerName}-exec-{run}");
        var secrets = spec.SecretEnvironment.ToDictionary(
            kv => kv.Key,
            kv => secretValues.TryGetValue(kv.Value, out var value)
                ? value
                : throw new ReleaseRefusal($"slot {slot} of stack '{settings.StackName}' has no value for secret {kv.Value} ({kv.Key} of service '{service}'); deploy the slot again"),
            StringComparer.Ordinal);
        string[] create =
        [
            "docker", "create", "--rm", "--interactive", .. terminal ? ["--tty"] : Array.Empty<string>(),
            "--name", name,
            "--network", names.Network,
            "--env-file", "/dev/stdin",
            "--label", $"{ContainerLabels.Exec}={spec.ContainerName}",
            .. spec.Volumes.SelectMany(v => new[] { "--volume", $"{names.Volume(v.VolumeName)}:{v.ContainerPath}" }),
            spec.Image,
            .. command,
        ];
        return new ExecPlan(
            create,
            EnvFileText(spec.Environment.Concat(secrets), service),
            ["docker", "start", "--attach", "--interactive", name],
            ["docker", "rm", "--force", name]);
    }

    /// <summary><c>docker exec</c> in the running container (--reuse).</summary>
    public static IReadOnlyList<string> InRunningContainer(string container, IReadOnlyList<string> command, bool terminal) =>
        ["docker", "exec", "--interactive", .. terminal ? ["--tty"] : Array.Empty<string>(), container, .. command];

    /// <summary>Docker's env-file format: one NAME=value a line, taken literally; a value with a line break cannot be written.</summary>
    private static string EnvFileText(IEnumerable<KeyValuePair<string, string>> variables, string service) =>
        string.Concat(variables.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            kv.Value.Contains('\n', StringComparison.Ordinal) || kv.Value.Contains('\r', StringComparison.Ordinal)
                ? throw new ReleaseRefusal($"{kv.Key} of service '{service}' holds a line break, which Docker's env file cannot carry")
                : $"{kv.Key}={kv.Value}\n"));
}
