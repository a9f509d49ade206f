namespace Infra.Release.Engine;

/// <summary>What the engine will do to one resource. Replacement steps all map to <see cref="Replace"/>.</summary>
public enum StepOp
{
    Same,
    Create,
    Update,
    Replace,
    Delete,
    Read,
    Refresh,
    Import,
    Other,
}

/// <summary>One planned step, from the engine's resource-pre event.</summary>
/// <param name="Parent">URN of the parent resource (the component); null for top-level resources.</param>
/// <param name="ReplaceReasons">Properties whose change forces a replacement (the event's keys).</param>
/// <param name="Diffs">Properties that differ.</param>
public sealed record StepEvent(
    StepOp Op,
    string Urn,
    string Type,
    string? Parent,
    bool Protect,
    IReadOnlyList<string> ReplaceReasons,
    IReadOnlyList<string> Diffs)
{
    /// <summary>The resource's own name: the last segment of its URN.</summary>
    public string Name => Urns.Name(Urn);
}
