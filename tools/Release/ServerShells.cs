using System.Diagnostics;
using Infra.Release.Backups;
using Infra.Release.Hosts;

namespace Infra.Release.Tool;

/// <summary>Runs a command as a process and collects its output.</summary>
internal static class Processes
{
    public static async Task<ShellResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancel, string? input = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Start(start);
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancel);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cancel);
        return new ShellResult(process.ExitCode, await output, await error);
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Infra.Release.ReleaseRefusal($"cannot run {start.FileName}: {e.Message}; is it installed and on PATH?");
        }
    }

    /// <summary>Runs a command on this terminal: its output and input are the user's.</summary>
    public static async Task<int> AttachAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Start(start);
        await process.WaitForExitAsync(cancel);
        return process.ExitCode;
    }
}

/// <summary>The droplet, as root over ssh (keys from the agent; the firewall admits SSH from the admin networks only).</summary>
internal sealed class SshServerShell(string address) : IServerShell
{
    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command), cancel));

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        SshCommandLine.Check(address, await Processes.RunAsync("ssh", SshCommandLine.Arguments(address, command), cancel, input));

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel) =>
        Processes.AttachAsync("ssh", SshCommandLine.Arguments(address, command, terminal), cancel);
}

/// <summary>The local stack's "server" is this machine.</summary>
internal sealed class LocalServerShell : IServerShell
{
    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancel) =>
        Processes.RunAsync(command[0], command.Skip(1), cancel);

    public Task<ShellResult> RunAsync(IReadOnlyList<string> command, string input, CancellationToken cancel) =>
        Processes.RunAsync(command[0], command.Skip(1), cancel, input);

    public Task<int> AttachAsync(IReadOnlyList<string> command, bool terminal, CancellationToken cancel) =>
        Processes.AttachAsync(command[0], command.Skip(1), cancel);
}
