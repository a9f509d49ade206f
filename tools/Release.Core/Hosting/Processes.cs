using System.Diagnostics;
using Infra.Release.Backups;

namespace Infra.Release.Hosting;

/// <summary>Runs a command as a process and collects its output.</summary>
public static class Processes
{
    public static async Task<ShellResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancel, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Describe(fileName, arguments, environment);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = input is not null;

        using var process = Start(start);
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancel);
            process.StandardInput.Close();
        }

        await WaitForExitAsync(process, cancel);
        return new ShellResult(process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Describe(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
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
    public static async Task<int> AttachAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancel, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Describe(fileName, arguments, environment);

        using var process = Start(start);
        await WaitForExitAsync(process, cancel);
        return process.ExitCode;
    }

    /// <summary>A command given up on (a deadline, Ctrl-C) does not outlive the tool: it and its children are killed.</summary>
    private static async Task WaitForExitAsync(Process process, CancellationToken cancel)
    {
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
