using Infra.Domain.Releases;
using Infra.Domain.Servers;
using Infra.Release.Backups;

namespace Infra.Release.Hosts;

/// <summary>The ssh command line that runs a command on the droplet (<see cref="SshAccess"/>), and what its exit status 255 means.</summary>
public static class SshCommandLine
{
    /// <summary>ssh's own exit status when it cannot connect or authenticate, or loses the connection.</summary>
    public const int ConnectionFailed = 255;

    public const int ConnectTimeoutSeconds = 10;

    /// <summary>
    /// What ssh prints when it stopped before the session began (OpenSSH's wording): nothing ran on
    /// the server. A connection lost later ("Connection to … closed by remote host", "Broken pipe")
    /// is not among them: the command may have run, in part or whole.
    /// </summary>
    private static readonly string[] BeforeTheSession =
    [
        "ssh: connect to host ",
        "ssh: Could not resolve hostname ",
        "Permission denied (",
        "Host key verification failed.",
        "Connection closed by ",
        "Connection reset by ",
        "Connection timed out during banner exchange",
        "kex_exchange_identification: ",
        "Bad owner or permissions on ",
    ];

    /// <param name="terminal">Ask for a terminal on the server (an interactive exec); never for a command whose output is read.</param>
    /// <param name="configFile">An ssh configuration file read instead of ~/.ssh/config (<c>ssh -F</c>); null for the user's own.</param>
    public static IReadOnlyList<string> Arguments(string address, IReadOnlyList<string> command, bool terminal = false, string? configFile = null) =>
    [
        .. configFile is null ? [] : new[] { "-F", configFile },
        "-o", "BatchMode=yes",
        "-o", SshAccess.HostKeyOption,
        "-o", $"ConnectTimeout={ConnectTimeoutSeconds}",
        .. terminal ? new[] { "-t" } : [],
        SshAccess.Destination(address),
        "--",
        ShellQuote.Join(command),
    ];

    /// <summary>
    /// The result, or a one-line refusal when ssh could not reach the server (nothing ran there). An
    /// exit 255 after the session began stays a result: what the command did is not known.
    /// </summary>
    public static ShellResult Check(string address, ShellResult result) =>
        result.ExitCode == ConnectionFailed && NeverStarted(result.Error) is { } reason
            ? throw new ReleaseRefusal($"cannot reach the server {SshAccess.Destination(address)} over SSH: {reason}")
            : result;

    private static string? NeverStarted(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => BeforeTheSession.Any(start => line.Contains(start, StringComparison.Ordinal)));
}
