using System.Diagnostics;

namespace Infra.Bench;

/// <summary>One line the tool printed, and when it arrived (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record TimedLine(long At, string Text);

/// <summary>
/// The release tool as a person runs it: <c>scripts/release</c> as a process of its own, in the folder of
/// the stack file, with the bench's PATH and environment; its lines are kept with their arrival times.
/// </summary>
public sealed class ToolProcess
{
    public required long Started { get; init; }
    public required long Ended { get; init; }
    public required int ExitCode { get; init; }
    public required IReadOnlyList<TimedLine> Output { get; init; }
    public required IReadOnlyList<TimedLine> Errors { get; init; }

    public static async Task<ToolProcess> RunAsync(string script, IReadOnlyList<string> arguments, string folder, IReadOnlyDictionary<string, string> environment, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(script) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new List<TimedLine>();
        var errors = new List<TimedLine>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(output, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(errors, line.Data);
        var started = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var ended = Stopwatch.GetTimestamp();
        lock (output)
        {
            lock (errors)
            {
                return new ToolProcess { Started = started, Ended = ended, ExitCode = process.ExitCode, Output = [.. output], Errors = [.. errors] };
            }
        }
    }

    private static void Keep(List<TimedLine> lines, string? text)
    {
        var at = Stopwatch.GetTimestamp();
        if (text is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(new TimedLine(at, text));
        }
    }
}
