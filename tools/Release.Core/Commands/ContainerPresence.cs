using Infra.Release.Backups;
using Infra.Release.Hosts;
using Infra.Release.Operations;

namespace Infra.Release.Commands;

/// <summary>Refuses, in one line, a container the engine does not have, before anything else runs.</summary>
internal static class ContainerPresence
{
    public static async Task<ContainerFacts> RequireAsync(IServerShell shell, ContainerTarget target, string stack, CancellationToken cancel)
    {
        var inspected = await shell.RunAsync(["docker", "inspect", target.Container], cancel);
        return ContainerFacts.Parse(inspected.Succeeded ? inspected.Output : "").GetValueOrDefault(target.Container)
            ?? throw new ReleaseRefusal($"container {target.Container} ({target.Description}) does not exist on the engine of stack '{stack}'; see `release status --stack {stack}`");
    }
}
