using System.Diagnostics;
using Infra.TestSupport;

namespace Infra.Bench.Backup;

/// <summary>Runs bash commands for the benchmark (through the tests' <see cref="ProcessRunner"/>), timing them and failing loudly with their output.</summary>
public sealed class TimedBash(IDictionary<string, string> environment)
{
    /// <summary>Long enough for a first backup of the largest data set on a slow machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromHours(1);

    /// <summary>Runs <paramref name="command"/> under <c>set -euo pipefail</c>; returns its stdout and how long it took.</summary>
    public async Task<(string Output, double Seconds)> Run(string command)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await ProcessRunner.Run("bash", ["-c", "set -euo pipefail\n" + command], environment, Deadline);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return result.ExitCode == 0
            ? (result.Output, seconds)
            : throw new InvalidOperationException($"failed (exit {result.ExitCode}): {command}\n{result.Output}{result.Error}");
    }
}
