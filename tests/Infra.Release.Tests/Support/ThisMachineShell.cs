using Infra.Release.Backups;
using Infra.Release.Hosting;

namespace Infra.Release.Tests.Support;

/// <summary>
/// The local stack's "server", this machine, as the tool runs it (its <see cref="LocalShell"/>), except
/// that an attached command's output is captured here rather than shown on a terminal (its input is
/// empty), and every command has a deadline.
/// </summary>
public sealed class ThisMachineShell : IServerShell
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly LocalShell _shell = new();

    /// <summary>What attached commands printed, in order (standard output and error as they came).</summary>
    public List<string> Attached { get; } = [];

    public List<string> Commands { get; } = [];

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        WithDeadline(command, deadline => _shell.RunAsync(command, deadline), cancel);

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        WithDeadline(command, deadline => _shell.RunAsync(command, input, deadline), cancel);

    public async Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel)
    {
        var result = await WithDeadline(command, deadline => _shell.RunAsync(command, "", deadline), cancel);
        Attached.Add(result.Output + result.Error);
        return result.ExitCode;
    }

    private async Task<ShellResult> WithDeadline(IReadOnlyList<string> command, Func<CancellationToken, Task<ShellResult>> run, CancellationToken cancel)
    {
        Commands.Add(string.Join(' ', command));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Deadline);
        try
        {
            return await run(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {Deadline}");
        }
    }
}
