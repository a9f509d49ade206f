using System.Diagnostics;
using Infra.Release.Backups;

namespace Infra.Release.Tests.Support;

/// <summary>
/// The local stack's "server", this machine, as the tool's own shell runs it (processes, no shell in
/// between), except that an attached command's output is captured here rather than shown on a
/// terminal, and its input is empty.
/// </summary>
public sealed class ThisMachineShell : IServerShell
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>What attached commands printed, in order (standard output and error as they came).</summary>
    public List<string> Attached { get; } = [];

    public List<string> Commands { get; } = [];

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel)
    {
        var (exit, output, error) = await Run(command, input: null, cancel);
        return new ShellResult(exit, output, error);
    }

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel)
    {
        var (exit, output, error) = await Run(command, input, cancel);
        return new ShellResult(exit, output, error);
    }

    public async Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel)
    {
        var (exit, output, error) = await Run(command, input: "", cancel);
        Attached.Add(output + error);
        return exit;
    }

    private async Task<(int, string, string)> Run(IReadOnlyList<string> command, string? input, CancellationToken cancel)
    {
        Commands.Add(string.Join(' ', command));
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Deadline);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.StandardInput.WriteAsync((input ?? "").AsMemory(), deadline.Token);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {Deadline}");
        }

        return (process.ExitCode, await output, await error);
    }
}
