using Infra.Domain.Resources;
using Infra.Release.Engine;

namespace Infra.Release.Risk;

/// <summary>
/// Containers that take or serve traffic now: the live slot's, the proxy's and the accessories'.
/// A step that updates, replaces or deletes one of them interrupts requests; a release reaches
/// traffic only by `release promote`, which touches none of them.
/// </summary>
public static class TrafficResources
{
    /// <summary>What the step would interrupt (e.g. "live slot blue"), or null when it leaves traffic alone.</summary>
    public static string? Kind(StepEvent step, string liveSlot)
    {
        if (step.Type != StatefulResources.DockerContainer || step.Op is not (StepOp.Update or StepOp.Replace or StepOp.Delete) || step.Parent is not { } parent)
        {
            return null;
        }

        return Urns.Type(parent) switch
        {
            ComponentTypes.ContainerService when Urns.Name(parent).EndsWith($"-{liveSlot}", StringComparison.Ordinal) => $"live slot {liveSlot}",
            ComponentTypes.EdgeProxy => "proxy",
            ComponentTypes.Accessory => "accessory",
            _ => null,
        };
    }
}
