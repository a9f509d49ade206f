using Infra.Release.Engine;

namespace Infra.Release.Risk;

/// <summary>One resource a preview would change.</summary>
public sealed record ResourceChange(
    string Component,
    string Name,
    string Type,
    ChangeKind Change,
    string? StatefulKind,
    bool Protect,
    IReadOnlyList<string> Reasons,
    string? TrafficKind = null)
{
    public bool IsDestructive => StatefulKind is not null && Change is ChangeKind.Replaced or ChangeKind.Deleted;

    /// <summary>Whether the change restarts, replaces or deletes a container that takes or serves traffic now, or reloads the running proxy.</summary>
    public bool InterruptsTraffic => TrafficKind is not null;
}

/// <summary>Every change of a preview, grouped by component, with the destructive and the traffic-interrupting ones singled out.</summary>
public sealed record RiskReport(string Stack, IReadOnlyList<ResourceChange> Changes)
{
    public IReadOnlyList<ResourceChange> Destructive => Changes.Where(c => c.IsDestructive).ToList();

    public IReadOnlyList<ResourceChange> Traffic => Changes.Where(c => c.InterruptsTraffic).ToList();

    public int Count(ChangeKind kind) => Changes.Count(c => c.Change == kind);

    public IEnumerable<IGrouping<string, ResourceChange>> ByComponent() =>
        Changes.GroupBy(c => c.Component).OrderBy(g => g.Key == RootComponent ? "" : g.Key, StringComparer.Ordinal);

    public const string RootComponent = "stack";

    /// <param name="liveSlot">The slot taking traffic when the preview ran.</param>
    public static RiskReport From(string stack, IEnumerable<StepEvent> steps, string liveSlot)
    {
        var all = steps.ToList();
        var proxyCreated = TrafficResources.CreatesProxy(all);
        var changes = all
            .Select(step => (step, kind: KindOf(step.Op)))
            .Where(s => s.kind is not null)
            .GroupBy(s => s.step.Urn, StringComparer.Ordinal)
            .Select(g => Describe(g.MaxBy(s => Severity(s.kind!.Value)), liveSlot, proxyCreated))
            .OrderBy(c => c.Component, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Type, StringComparer.Ordinal)
            .ToList();
        return new RiskReport(stack, changes);
    }

    private static ResourceChange Describe((StepEvent Step, ChangeKind? Kind) s, string liveSlot, bool proxyCreated) => new(
        ComponentOf(s.Step.Parent),
        s.Step.Name,
        s.Step.Type,
        s.Kind!.Value,
        StatefulResources.Kind(s.Step),
        s.Step.Protect,
        s.Kind == ChangeKind.Replaced && s.Step.ReplaceReasons.Count > 0 ? s.Step.ReplaceReasons : s.Step.Diffs,
        TrafficResources.Kind(s.Step, liveSlot, proxyCreated));

    private static string ComponentOf(string? parentUrn)
    {
        if (parentUrn is null || Urns.Type(parentUrn) == "pulumi:pulumi:Stack")
        {
            return RootComponent;
        }

        var type = Urns.Type(parentUrn);
        return $"{type[(type.LastIndexOf(':') + 1)..]} {Urns.Name(parentUrn)}";
    }

    private static ChangeKind? KindOf(StepOp op) => op switch
    {
        StepOp.Create => ChangeKind.Created,
        StepOp.Update => ChangeKind.Updated,
        StepOp.Replace => ChangeKind.Replaced,
        StepOp.Delete => ChangeKind.Deleted,
        _ => null,
    };

    private static int Severity(ChangeKind kind) => kind switch
    {
        ChangeKind.Created => 0,
        ChangeKind.Updated => 1,
        ChangeKind.Deleted => 2,
        _ => 3,
    };
}
