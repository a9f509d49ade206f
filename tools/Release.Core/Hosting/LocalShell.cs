using System.Diagnostics;
using Infra.Release.Backups;

namespace Infra.Release.Hosting;

/// <summary>Runs a command on this machine, against the local stack's engine (<c>DOCKER_HOST</c> when the stack names one).</summary>
public sealed class LocalShell(string? dockerHost = null) : IServerShell
{
    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (dockerHost is not null)
        {
            start.Environment["DOCKER_HOST"] = dockerHost;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return new ShellResult(process.ExitCode, await output, await error);
    }
}
