using System.Text;

namespace Infra.Release.Risk;

/// <summary>The risk report as Markdown for a pull-request comment (and the console).</summary>
public static class RiskMarkdown
{
    public static string Render(RiskReport report)
    {
        var text = new StringBuilder();
        text.Append($"## Preview of stack `{report.Stack}`: ")
            .Append($"{report.Count(ChangeKind.Created)} to create, {report.Count(ChangeKind.Updated)} to update, ")
            .Append($"{report.Count(ChangeKind.Replaced)} to replace, {report.Count(ChangeKind.Deleted)} to delete\n\n");

        if (report.Changes.Count == 0)
        {
            return text.Append("No changes.\n").ToString();
        }

        var destructive = report.Destructive;
        text.Append(destructive.Count == 0
            ? "No stateful resource would be replaced or deleted.\n"
            : $"**Warning: {destructive.Count} stateful resource(s) would be replaced or deleted:** "
              + string.Join(", ", destructive.Select(d => $"{d.Name} ({d.StatefulKind}, {Verb(d.Change)})")) + "\n");

        var traffic = report.Traffic;
        text.Append(traffic.Count == 0
            ? "No container that takes traffic (live slot, proxy, accessories) would be restarted, and the proxy would not reload.\n"
            : $"**Warning: {traffic.Count} change(s) would restart a container that takes traffic or reload the proxy:** "
              + string.Join(", ", traffic.Select(t => $"{t.Name} ({t.TrafficKind}, {Verb(t.Change)})"))
              + ". Changes reach the live slot only by `release deploy` and `release promote`; a proxy reload (new routes, a new certificate) hands every connection to new processes.\n");

        foreach (var component in report.ByComponent())
        {
            text.Append($"\n### {component.Key}\n\n")
                .Append("| Change | Resource | Type | Stateful | Protected | Traffic | Properties |\n")
                .Append("|---|---|---|---|---|---|---|\n");
            foreach (var change in component)
            {
                text.Append($"| {Verb(change.Change)} | {Cell(change.Name)} | `{change.Type}` | {change.StatefulKind ?? ""} | ")
                    .Append(change.Protect ? "yes" : "no")
                    .Append($" | {change.TrafficKind ?? ""}")
                    .Append($" | {Cell(string.Join(", ", change.Reasons))} |\n");
            }
        }

        return text.ToString();
    }

    private static string Verb(ChangeKind kind) => kind switch
    {
        ChangeKind.Created => "create",
        ChangeKind.Updated => "update",
        ChangeKind.Replaced => "replace",
        _ => "delete",
    };

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
