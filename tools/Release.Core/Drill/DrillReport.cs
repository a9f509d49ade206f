using Infra.Release.Output;

namespace Infra.Release.Drill;

public enum DrillOutcome
{
    Pass,
    Fail,
    Skipped,
}

public sealed record DrillStep(string Name, DrillOutcome Outcome, string Detail);

/// <summary>One line per drill step, and whether the drill passed as a whole (a skipped step is not a pass).</summary>
public sealed record DrillReport(IReadOnlyList<DrillStep> Steps)
{
    public bool Passed => Steps.Count > 0 && Steps.All(s => s.Outcome == DrillOutcome.Pass);

    public string Render() =>
        TextTable.Render(["STEP", "RESULT", "DETAIL"], Steps.Select(s => (IReadOnlyList<string>)[s.Name, s.Outcome.ToString().ToUpperInvariant(), s.Detail]))
        + $"drill {(Passed ? "PASSED" : "FAILED")}\n";
}
