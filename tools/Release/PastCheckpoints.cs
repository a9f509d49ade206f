using System.Diagnostics;
using Infra.Release.Backend;
using Infra.Release.Engine;

namespace Infra.Release.Tool;

/// <summary>Where the state a past update ended with comes from: the backend's files, or Pulumi Cloud.</summary>
internal interface IPastCheckpoints
{
    Task<StackState?> ReadAsync(string stack, int updateNumber, CancellationToken cancel);
}

/// <summary>A self-managed backend: the checkpoint copies the DIY backend keeps beside each history entry.</summary>
internal sealed class DiyPastCheckpoints(IBackendStore store, string project) : IPastCheckpoints
{
    public Task<StackState?> ReadAsync(string stack, int updateNumber, CancellationToken cancel) =>
        new DiyCheckpointArchive(store, project, stack).ReadAsync(updateNumber, cancel);
}

/// <summary>Pulumi Cloud keeps every version: <c>pulumi stack export --version N</c> (the Automation API has no call for it).</summary>
internal sealed class CloudPastCheckpoints(string pulumi, string workDir) : IPastCheckpoints
{
    public async Task<StackState?> ReadAsync(string stack, int updateNumber, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(pulumi)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "stack", "export", "--stack", stack, "--version", updateNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), "--non-interactive" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        if (process.ExitCode != 0)
        {
            throw new ReleaseRefusal($"pulumi stack export --version {updateNumber} failed: {(await error).Trim().Split('\n').LastOrDefault()}");
        }

        return new StackState(await output);
    }
}
