namespace Infra.Domain.Backups;

/// <summary>
/// Renders <see cref="BackupHostLayout.EnvironmentFile"/>. Values are single-quoted, which both the
/// scripts (sourcing it with bash) and systemd (EnvironmentFile=) read literally, so no value may
/// contain a single quote or a line break.
/// </summary>
public static class BackupEnvironmentFile
{
    public const string Repository = "RESTIC_REPOSITORY";
    public const string Password = "RESTIC_PASSWORD";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string HeartbeatUrl = "BACKUP_HEARTBEAT_URL";
    public const string SuccessRecord = "BACKUP_SUCCESS_RECORD";

    public static string Render(BackupEnvironment environment)
    {
        var lines = new List<string>
        {
            "# Rendered by infra: the restic repository of this stack and its credentials. Root only (0600).",
            Line(Repository, environment.Repository),
            Line(Password, environment.Password),
            Line(AccessKeyId, environment.AccessKeyId),
            Line(SecretAccessKey, environment.SecretAccessKey),
        };
        if (!string.IsNullOrEmpty(environment.HeartbeatUrl))
        {
            lines.Add(Line(HeartbeatUrl, environment.HeartbeatUrl));
        }

        if (!string.IsNullOrEmpty(environment.SuccessRecord))
        {
            lines.Add(Line(SuccessRecord, environment.SuccessRecord));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Line(string name, string value) =>
        value.IndexOfAny(['\'', '\n', '\r']) >= 0
            ? throw new ArgumentException($"{name} contains a single quote or a line break, which the environment file cannot hold")
            : $"{name}='{value}'";
}
