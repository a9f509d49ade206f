using Infra.Domain.Releases;
using Infra.Domain.Servers;
using Infra.Release.Backups;

namespace Infra.Release.Hosts;

/// <summary>The ssh command line that runs a command on the droplet (<see cref="SshAccess"/>), and what its exit status 255 means.</summary>
public static class SshCommandLine
{
    /// <summary>ssh's own exit status when it cannot connect or authenticate.</summary>
    public const int ConnectionFailed = 255;

    public const int ConnectTimeoutSeconds = 10;

    /// <param name="terminal">Ask for a terminal on the server (an interactive exec); never for a command whose output is read.</param>
    public static IReadOnlyList<string> Arguments(string address, IReadOnlyList<string> command, bool terminal = false) =>
    [
        "-o", "BatchMode=yes",
        "-o", SshAccess.HostKeyOption,
        "-o", $"ConnectTimeout={ConnectTimeoutSeconds}",
        .. terminal ? new[] { "-t" } : [],
        SshAccess.Destination(address),
        "--",
        ShellQuote.Join(command),
    ];

    /// <summary>The result, or a one-line refusal when ssh could not reach the server (nothing ran there).</summary>
    public static ShellResult Check(string address, ShellResult result) =>
        result.ExitCode == ConnectionFailed
            ? throw new ReleaseRefusal($"cannot reach the server {SshAccess.Destination(address)} over SSH: {LastLine(result.Error)}")
            : result;

    private static string LastLine(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "ssh exited 255";
}
