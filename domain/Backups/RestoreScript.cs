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
        ["dockerPrefix"] = Releases.ShellQuote.Word(new Hosting.DockerNames(plan.StackName).Prefix),
        ["loadCommands"] = string.Join("\n", plan.Databases.Select(d =>
            $"    {d.Name}) echo '{BackupScript.SingleQuotable(DatabaseCommands.Load(d))}' ;;")),
        ["loadIntoCommands"] = string.Join("\n", plan.Databases.Where(d => d.Kind == Settings.AccessoryKind.Postgres).Select(d =>
            $"    {d.Name}) echo '{BackupScript.SingleQuotable(DatabaseCommands.CreateAndLoadInto(d, IntoPlaceholder))}' ;;")),
        ["intoPlaceholder"] = IntoPlaceholder,
        ["volumeCases"] = string.Join("\n", plan.Volumes.Select(v => $"    {v.Name}) return 0 ;;")),
        ["databaseNames"] = Names(plan.Databases.Select(d => d.Name)),
        ["volumeNames"] = Names(plan.Volumes.Select(v => v.Name)),
        ["listTags"] = string.Join(" ", plan.Databases.Select(d => d.Tags).Concat(plan.Volumes.Select(v => v.Tags)).Select(t => $"--tag {t}")),
    });

    /// <summary>Stands for the target database in the rendered command; the script replaces it after checking the name.</summary>
    private const string IntoPlaceholder = "INFRA_INTO_DATABASE";

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
