using System.Text.RegularExpressions;

namespace Infra.Release.Operations;

/// <summary>The options of `release logs`, checked, and the <c>docker logs</c> line they make.</summary>
public sealed partial record LogsRequest(string? Since, int? Tail, bool Follow)
{
    public static LogsRequest Checked(string? since, int? tail, bool follow)
    {
        if (since is not null && !Duration().IsMatch(since) && !Timestamp().IsMatch(since))
        {
            throw new ReleaseRefusal($"--since '{since}' is neither a duration (e.g. 10m, 1h30m, 45s) nor a time (e.g. 2026-12-01T09:00:00Z)");
        }

        return tail is < 0
            ? throw new ReleaseRefusal($"--tail {tail} is negative; give the number of last lines to show")
            : new LogsRequest(since, tail, follow);
    }

    public IReadOnlyList<string> DockerLogs(string container) =>
    [
        "docker", "logs",
        .. Since is null ? Array.Empty<string>() : ["--since", Since],
        .. Tail is null ? Array.Empty<string>() : ["--tail", Tail.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        .. Follow ? ["--follow"] : Array.Empty<string>(),
        container,
    ];

    // Docker's own forms: a Go duration (relative to now), or an RFC 3339 date or time.
    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$")]
    private static partial Regex Timestamp();
}
