using Infra.Domain.Resources;
using Infra.Release.Engine;

namespace Infra.Release.Risk;

/// <summary>
/// What takes or serves traffic now: the live slot's, the proxy's and the accessories' containers, and
/// the running proxy itself. A step that updates, replaces or deletes one of those containers interrupts
/// requests; a step that reloads the running proxy (new routes, a new certificate: see
/// <see cref="ProxyReloadSteps"/>) touches every connection on it. A release reaches traffic only by
/// `release promote`, which touches none of them.
/// </summary>
public static class TrafficResources
{
    public const string ProxyReload = "proxy reload";

    private static readonly HashSet<string> CommandTypes = new(StringComparer.Ordinal) { "command:remote:Command", "command:local:Command" };

    /// <summary>What the step would interrupt (e.g. "live slot blue", "proxy reload"), or null when it leaves traffic alone.</summary>
    /// <param name="proxyCreated">The same preview creates the proxy container: there is no running proxy to reload.</param>
    public static string? Kind(StepEvent step, string liveSlot, bool proxyCreated = false)
    {
        if (step.Parent is not { } parent)
        {
            return null;
        }

        var component = Urns.Type(parent);
        if (CommandTypes.Contains(step.Type))
        {
            // A step runs its command when it is created or its inputs change; deleting it runs nothing.
            return step.Op is StepOp.Create or StepOp.Update or StepOp.Replace && !proxyCreated && ProxyReloadSteps.Reloads(component, Urns.Name(parent), step.Name)
                ? ProxyReload
                : null;
        }

        if (step.Type != StatefulResources.DockerContainer || step.Op is not (StepOp.Update or StepOp.Replace or StepOp.Delete))
        {
            return null;
        }

        return component switch
        {
            ComponentTypes.ContainerService when Urns.Name(parent).EndsWith($"-{liveSlot}", StringComparison.Ordinal) => $"live slot {liveSlot}",
            ComponentTypes.EdgeProxy => "proxy",
            ComponentTypes.Accessory => "accessory",
            _ => null,
        };
    }

    /// <summary>Whether the steps create the proxy container (a new stack, or one that gains a proxy).</summary>
    public static bool CreatesProxy(IEnumerable<StepEvent> steps) =>
        steps.Any(step => step.Op == StepOp.Create && step.Type == StatefulResources.DockerContainer
            && step.Parent is { } parent && Urns.Type(parent) == ComponentTypes.EdgeProxy);
}
