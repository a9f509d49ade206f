using System.Diagnostics;

namespace Infra.Bench.Backup;

/// <summary>Runs programs for the benchmark, timing them and failing loudly with their output.</summary>
public sealed class Shell(IReadOnlyDictionary<string, string> environment)
{
    /// <summary>Runs a bash command; returns its stdout and how long it took.</summary>
    public (string Output, double Seconds) Run(string command, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -euo pipefail\n" + command);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"failed (exit {process.ExitCode}): {command}\n{output}{error.Result}");
        }

        return (output, seconds);
    }
}
