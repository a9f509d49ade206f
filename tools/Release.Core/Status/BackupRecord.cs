namespace Infra.Release.Status;

/// <summary>
/// The backup script's <c>last-status</c> file: <c>key=value</c> lines, <c>time</c> (UTC, RFC 3339),
/// <c>result</c> (running, ok, failed, interrupted), <c>message</c> and <c>pid</c>, and after a success its
/// size (<see cref="BackupSize"/>) (domain/Backups/Templates/backup.sh).
/// </summary>
public sealed record BackupRecord(DateTimeOffset Time, string Result, string Message)
{
    /// <summary>What a successful run saved; null when the record holds no size.</summary>
    public BackupSize? Size { get; init; }

    public static BackupRecord Parse(string text)
    {
        var fields = RecordFields.Parse(text)
            ?? throw new ReleaseRefusal($"the backup's last-status record has no time or result: {text.Split('\n')[0]}");
        return new BackupRecord(fields.Time, fields.Result, fields["message"] ?? "") { Size = BackupSize.From(fields.All) };
    }
}

/// <summary>The last-status record as read from the host: the record, none yet, or why it could not be read.</summary>
public sealed record BackupReading(BackupRecord? Record, string? Error = null)
{
    public static BackupReading None { get; } = new(Record: null);

    /// <summary>The last run's record (<see cref="Infra.Domain.Backups.BackupHostLayout.StatusFileName"/>) among the backup's records.</summary>
    public static BackupReading From(BackupRecords records)
    {
        if (records.Error is { } error)
        {
            return new BackupReading(null, error);
        }

        var text = records.Text(Infra.Domain.Backups.BackupHostLayout.StatusFileName);
        try
        {
            return text.Trim().Length == 0 ? None : new BackupReading(BackupRecord.Parse(text));
        }
        catch (ReleaseRefusal unreadable)
        {
            return new BackupReading(null, unreadable.Message);
        }
    }
}
