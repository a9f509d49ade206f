using System.Diagnostics;
using Infra.Domain.Releases;
using Infra.Release.Backups;

namespace Infra.Release.Tool;

/// <summary>Runs a command as a process and collects its output.</summary>
internal static class Processes
{
    public static async Task<ShellResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return new ShellResult(process.ExitCode, await output, await error);
    }
}

/// <summary>The droplet, as root over ssh (keys from the agent; the firewall admits SSH from the admin networks only).</summary>
internal sealed class SshServerShell(string address) : IServerShell
{
    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        Processes.RunAsync("ssh", ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", $"root@{address}", "--", ShellQuote.Join(command)], cancel);
}

/// <summary>The local stack's "server" is this machine.</summary>
internal sealed class LocalServerShell : IServerShell
{
    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        Processes.RunAsync(command[0], command.Skip(1), cancel);
}
