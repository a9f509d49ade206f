namespace Infra.Domain.Backups;

/// <summary>
/// The sizes a successful run of infra-backup writes into its last-status record, summed over the
/// run's snapshots from restic's own summary (<c>restic backup --json --quiet</c> prints only that
/// summary, in Debian's restic 0.14 and the pinned image's 0.17 alike).
/// </summary>
public static class BackupSizeFields
{
    /// <summary>Bytes the run read and saved (restic's <c>total_bytes_processed</c>): the size of what was backed up.</summary>
    public const string SizeBytes = "size_bytes";

    /// <summary>Bytes new to the repository (restic's <c>data_added</c>, before compression): what the run stored beyond earlier snapshots.</summary>
    public const string AddedBytes = "added_bytes";
}
