using Infra.Release.Engine;
using Pulumi.Automation;
using Pulumi.Automation.Events;

namespace Infra.Release.Tool;

/// <summary>Maps the engine's resource-pre events onto the core's own step records.</summary>
internal static class StepEvents
{
    public static StepEvent? From(EngineEvent engineEvent)
    {
        if (engineEvent.ResourcePreEvent?.Metadata is not { } step)
        {
            return null;
        }

        var state = step.New ?? step.Old;
        return new StepEvent(
            Map(step.Op),
            step.Urn,
            step.Type,
            string.IsNullOrEmpty(state?.Parent) ? null : state.Parent,
            (step.Old?.Protect ?? false) || (step.New?.Protect ?? false),
            step.Keys?.ToList() ?? [],
            step.Diffs?.ToList() ?? []);
    }

    private static StepOp Map(OperationType op) => op switch
    {
        OperationType.Same => StepOp.Same,
        OperationType.Create => StepOp.Create,
        OperationType.Update => StepOp.Update,
        OperationType.Delete => StepOp.Delete,
        OperationType.Replace or OperationType.CreateReplacement or OperationType.DeleteReplaced => StepOp.Replace,
        OperationType.Read or OperationType.ReadReplacement => StepOp.Read,
        OperationType.Refresh => StepOp.Refresh,
        OperationType.Import or OperationType.ImportReplacement => StepOp.Import,
        _ => StepOp.Other,
    };
}
