namespace Infra.Domain.Backups;

/// <summary>Renders the <c>infra-restore</c> script (Templates/restore.sh) for a stack's backup plan.</summary>
public static class RestoreScript
{
    public static string Render(BackupPlan plan) => Template.Fill("restore.sh", new Dictionary<string, string>
    {
        ["stack"] = plan.StackName,
        ["inventory"] = $"""

            databases: {Names(plan.Databases.Select(d => d.Name))}
            volumes:   {Names(plan.Volumes.Select(v => v.Name))}
            """,
        ["common"] = Template.Read("common.sh"),
        ["loadCommands"] = string.Join("\n", plan.Databases.Select(d =>
            $"    {d.Name}) echo '{BackupScript.SingleQuotable(DatabaseCommands.Load(d))}' ;;")),
        ["volumeCases"] = string.Join("\n", plan.Volumes.Select(v => $"    {v.Name}) return 0 ;;")),
        ["databaseNames"] = Names(plan.Databases.Select(d => d.Name)),
        ["volumeNames"] = Names(plan.Volumes.Select(v => v.Name)),
        ["listTags"] = string.Join(" ", plan.Databases.Select(d => d.Tags).Concat(plan.Volumes.Select(v => v.Tags)).Select(t => $"--tag {t}")),
    });

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
