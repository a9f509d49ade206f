using Infra.Domain.Backups;
using Infra.Release.Backups;

namespace Infra.Release.Status;

/// <summary>
/// The backup's records (its last run's, and each WAL-archiving accessory's), read in one call from
/// where the scripts write them: through the installed restore script's read-only
/// <see cref="RestoreScript.RecordsCommand"/>, run as every backup command runs on that host
/// (<see cref="BackupHostLayout.Invoke"/>: sudo on a droplet, the helper container's wrapper locally).
/// </summary>
public sealed record BackupRecords(IReadOnlyDictionary<string, string> Texts, string? Error = null)
{
    /// <summary>The text of one record; empty when no run has written it yet or the read failed.</summary>
    public string Text(string name) => Texts.GetValueOrDefault(name, "");

    public static IReadOnlyList<string> Command(BackupHostLayout layout, IReadOnlyList<string> names) =>
        layout.Invoke(layout.RestoreScript, [RestoreScript.RecordsCommand, .. names]);

    public static async Task<BackupRecords> ReadAsync(IServerShell shell, BackupHostLayout layout, IReadOnlyList<string> names, CancellationToken cancel)
    {
        var read = await shell.RunAsync(Command(layout, names), cancel);
        if (!read.Succeeded)
        {
            var error = read.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {read.ExitCode}";
            return new BackupRecords(new Dictionary<string, string>(), $"{RestoreScript.Name} {RestoreScript.RecordsCommand}: {error}");
        }

        return Parse(read.Output);
    }

    /// <summary>Splits the script's output at its <see cref="RestoreScript.RecordHeader"/> lines.</summary>
    public static BackupRecords Parse(string output)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(RestoreScript.RecordHeader + " ", StringComparison.Ordinal))
            {
                current = line[(RestoreScript.RecordHeader.Length + 1)..].TrimEnd('\r');
                texts[current] = "";
            }
            else if (current is not null && line.Length > 0)
            {
                texts[current] += line + "\n";
            }
        }

        return new BackupRecords(texts);
    }
}
