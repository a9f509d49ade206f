using Infra.Domain.Releases;
using Pulumi;

namespace Infra.Components;

public sealed class ReleaseTasksArgs : ResourceArgs
{
    public required IReadOnlyList<ReleaseTaskSpec> Tasks { get; init; }
    public required IDockerHost Host { get; init; }
    public required SecretSource Secrets { get; init; }

    /// <summary>What must be ready first: the release's images and the accessories it migrates.</summary>
    public IReadOnlyList<Resource> After { get; init; } = [];
}

/// <summary>
/// A slot's release tasks (e.g. migrations), each run once per release, in order, before the
/// slot's containers start. A failing task fails the update; traffic stays where it was.
/// </summary>
public sealed class ReleaseTasks : ComponentResource
{
    public ReleaseTasks(string name, ReleaseTasksArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.ReleaseTasks, name, args, opts)
    {
        var previous = args.After.ToList();
        foreach (var task in args.Tasks)
        {
            var dependsOn = new InputList<Resource>();
            foreach (var resource in previous)
            {
                dependsOn.Add(resource);
            }

            var command = args.Host.RunOnHost($"{name}-{task.Service}-{task.TaskName}", new HostCommand
            {
                Create = task.DockerRun,
                Stdin = EnvFile(task, args.Secrets),
                Triggers = new InputList<object> { (Input<object>)task.Image, (Input<object>)task.Version },
            }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });
            previous = [command];
            Last.Add(command);
        }

        RegisterOutputs();
    }

    /// <summary>Every task's command; the slot's containers start after them.</summary>
    public List<Resource> Last { get; } = [];

    private static Output<string> EnvFile(ReleaseTaskSpec task, SecretSource secrets)
    {
        var lines = task.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Output.Create($"{kv.Key}={kv.Value}"))
            .Concat(task.SecretEnvironment.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => Output.Format($"{kv.Key}={secrets(kv.Value)}")));
        return Output.All(lines).Apply(all => string.Concat(all.Select(line => line + "\n")));
    }
}
