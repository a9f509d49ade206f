using System.Globalization;

namespace Infra.Domain.Backups;

/// <summary>Renders the <c>infra-backup</c> script (Templates/backup.sh) for a stack's backup plan.</summary>
public static class BackupScript
{
    /// <summary>Its file name, wherever it is installed.</summary>
    public const string Name = "infra-backup";

    /// <summary>How often the backup runs <c>restic check</c> over the repository's structure.</summary>
    public const int CheckEveryDays = 7;

    /// <summary>How long a run waits for another backup or restore on the same host (BACKUP_LOCK_WAIT_SECONDS).</summary>
    public const int LockWaitSeconds = 900;

    /// <summary>How long a run retries while a live restic elsewhere holds the repository's lock (RESTIC_LOCK_WAIT_SECONDS).</summary>
    public const int ResticLockWaitSeconds = 300;

    public static string Render(BackupPlan plan) => Template.Fill("Backups/backup.sh", new Dictionary<string, string>
    {
        ["stack"] = plan.StackName,
        ["common"] = Common(plan),
        ["checkEveryDays"] = CheckEveryDays.ToString(CultureInfo.InvariantCulture),
        ["backups"] = Backups(plan),
        ["forget"] = Forget(plan),
        ["summary"] = Summary(plan),
        ["baseLabelPlaceholder"] = DatabaseCommands.BaseLabelPlaceholder,
        ["walShipScriptName"] = WalShipScript.Name,
        ["sizeBytesKey"] = BackupSizeFields.SizeBytes,
        ["addedBytesKey"] = BackupSizeFields.AddedBytes,
        ["statusFileName"] = BackupHostLayout.StatusFileName,
    });

    private static string Backups(BackupPlan plan)
    {
        if (plan.IsEmpty)
        {
            return "echo \"no accessory or volume of this stack is marked backup: true\"";
        }

        var lines = plan.Databases.SelectMany(d => d.ArchivesWal
                ? [$"backup_database {d.Name} '{SingleQuotable(DatabaseCommands.Dump(d))}'", $"backup_base {d.Name} '{SingleQuotable(DatabaseCommands.BaseBackup(d))}'"]
                : new[] { $"backup_database {d.Name} '{SingleQuotable(DatabaseCommands.Dump(d))}'" })
            .Concat(plan.Volumes.Select(v => $"backup_volume {v.Name}"))
            .Concat(plan.ArchivesWal ? ["ship_wal"] : []);
        return string.Join("\n", lines);
    }

    // Only the snapshots of this plan's items are considered (repeated --tag means any of them), each
    // item's history on its own (--group-by tags), so manual snapshots and other items are never thinned.
    private static string Forget(BackupPlan plan)
    {
        if (plan.IsEmpty)
        {
            return "# Nothing is backed up, so nothing is forgotten: without --tag filters forget would consider every snapshot.";
        }

        var retention = plan.Retention;
        var keep = string.Concat(new[] { ("daily", retention.Daily), ("weekly", retention.Weekly), ("monthly", retention.Monthly) }
            .Where(policy => policy.Item2 > 0)
            .Select(policy => string.Create(CultureInfo.InvariantCulture, $" --keep-{policy.Item1} {policy.Item2}")));

        var tags = plan.Databases.SelectMany(d => d.ArchivesWal ? [d.Tags, d.BaseTags] : new[] { d.Tags }).Concat(plan.Volumes.Select(v => v.Tags));
        var wal = string.Concat(plan.Databases.Where(d => d.ArchivesWal).Select(d => $"forget_wal {d.Name} {WalArchiving.VolumeName(d.Name)}\n"));
        return wal + Template.Fill("Backups/forget.sh", new Dictionary<string, string>
        {
            ["keep"] = keep,
            ["tags"] = string.Join(" \\\n", tags.Select(t => $"  --tag {t}")),
        }).TrimEnd('\n');
    }

    private static string Summary(BackupPlan plan)
    {
        var parts = new List<string>();
        if (plan.Databases.Count > 0)
        {
            parts.Add("databases " + string.Join(", ", plan.Databases.Select(d => d.Name)));
        }

        if (plan.Volumes.Count > 0)
        {
            parts.Add("volumes " + string.Join(", ", plan.Volumes.Select(v => v.Name)));
        }

        return parts.Count == 0 ? "nothing to back up" : "backed up " + string.Join(" and ", parts);
    }

    /// <summary>common.sh, the part the scripts share, with its defaults filled in: the server's layout unless the environment says otherwise.</summary>
    internal static string Common(BackupPlan plan) => Template.Fill("Backups/common.sh", new Dictionary<string, string>
    {
        ["envFile"] = BackupHostLayout.Server.EnvironmentFile,
        ["volumesRoot"] = BackupHostLayout.Server.VolumesRoot!,
        ["stateDirectory"] = BackupHostLayout.Server.StateDirectory,
        ["statusFileName"] = BackupHostLayout.StatusFileName,
        ["dockerPrefix"] = Releases.ShellQuote.Word(new Hosting.DockerNames(plan.StackName).Prefix),
        ["lockWaitSeconds"] = LockWaitSeconds.ToString(CultureInfo.InvariantCulture),
        ["resticLockWaitSeconds"] = ResticLockWaitSeconds.ToString(CultureInfo.InvariantCulture),
    });

    internal static string SingleQuotable(string command) =>
        command.Contains('\'', StringComparison.Ordinal) ? throw new ArgumentException($"command cannot be single-quoted: {command}") : command;
}
