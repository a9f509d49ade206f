using System.Diagnostics;
using Infra.Release.Engine;

namespace Infra.Release.Tool;

/// <summary>Runs the Pulumi CLI directly, for the one thing the Automation API would put on a command line: a secret value.</summary>
internal static class PulumiProcess
{
    public static async Task RunWithStdinAsync(string workDir, IReadOnlyList<string> arguments, string stdin, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(PulumiCli.Require(Environment.GetEnvironmentVariable))
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new UpdateFailedException("could not start the Pulumi CLI");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardOutput.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        if (process.ExitCode != 0)
        {
            // The CLI's message names the key, never the value it read from stdin.
            throw new UpdateFailedException($"pulumi {arguments[0]} {arguments[1]} failed: {(await error).Trim()}");
        }
    }
}
