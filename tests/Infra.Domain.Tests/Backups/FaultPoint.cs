using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Stops a real program at one moment of a backup or restore: a wrapper put first on the scripts' PATH
/// runs the real program, and the first call whose arguments match does what the fault needs (pause
/// before it starts, pause mid-stream, cut the stream, stop the real process once it has begun), then
/// says so in a file the test waits for. Only the first matching call is affected.
/// </summary>
public sealed class FaultPoint
{
    private readonly string _folder;

    private FaultPoint(string folder, string program)
    {
        _folder = folder;
        Program = program;
    }

    /// <summary>The program the wrapper stands in for; <see cref="BackupRig.RemoveProgram"/> takes it away again.</summary>
    public string Program { get; }

    public string Reached => Path.Combine(_folder, "reached");

    /// <summary>Installs a wrapper for <paramref name="program"/> in the rig; <paramref name="when"/> is a bash condition over "$@".</summary>
    public static FaultPoint Install(BackupRig rig, string program, string realProgram, string when, string action) =>
        Install(rig.Dir("faults"), rig.ProvideProgram, program, realProgram, when, action);

    /// <summary>
    /// Installs a wrapper through <paramref name="provide"/> (which puts a program first on the PATH of the
    /// scripts under test), keeping its state under <paramref name="faults"/>.
    /// </summary>
    public static FaultPoint Install(string faults, Action<string, string> provide, string program, string realProgram, string when, string action)
    {
        // Inside the rig's folder, so it goes when the rig does.
        var folder = Directory.CreateDirectory(Path.Combine(faults, Guid.NewGuid().ToString("N"))).FullName;
        var point = new FaultPoint(folder, program);
        provide(program, $"""
            #!/bin/bash
            # Fault point for the tests: the real program is {realProgram}.
            real={realProgram}
            reached={point.Reached}
            if {when} && mkdir {folder}/fired 2>/dev/null; then
            {action}
            fi
            exec "$real" "$@"
            """);
        return point;
    }

    /// <summary>Never runs the real program: waits, as a program that hangs, until the run is stopped.</summary>
    public const string Pause = """touch "$reached"; exec sleep 600""";

    /// <summary>The real program's output passes until <paramref name="bytes"/> have gone, then stalls until the run is stopped.</summary>
    public static string StallAfter(long bytes) =>
        $$"""  "$real" "$@" | { head -c {{bytes}}; touch "$reached"; exec sleep 600; }; exit 1""";

    /// <summary>The real program's output is cut after <paramref name="bytes"/> (mid-line), and the program "ends" with <paramref name="exitCode"/>.</summary>
    public static string CutAfter(long bytes, int exitCode) =>
        $$"""  "$real" "$@" | head -c {{bytes}}; touch "$reached"; exit {{exitCode}}""";

    /// <summary>The real program reads <paramref name="bytes"/> of its input, then the input stalls until the run is stopped.</summary>
    public static string InputStallsAfter(long bytes) =>
        $$"""  { head -c {{bytes}}; touch "$reached"; exec sleep 600; } | "$real" "$@"; exit 1""";

    /// <summary>The real program runs until <paramref name="condition"/> holds, then is stopped (SIGSTOP) where it is.</summary>
    public static string FreezeWhen(string condition) => $$"""
          "$real" "$@" &
          pid=$!
          reached_condition=""
          for _ in $(seq 3000); do { {{condition}}; } && { reached_condition=yes; break; }; kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
          # A condition never seen is a broken fault point, not a survived fault: say so and fail loudly.
          [ -n "$reached_condition" ] || { echo "fault point: the condition never held while $real ran" >&2; kill -KILL "$pid" 2>/dev/null; exit 99; }
          kill -STOP "$pid"
          touch "$reached"
          wait "$pid"
          exit $?
        """;

    /// <summary>Waits (at most two minutes) until the fault point was reached, failing with the run's output if the run ends first.</summary>
    public async Task WaitUntilReached(ScriptRun run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Reached))
        {
            if (run.HasExited)
            {
                var result = await run.Wait();
                throw new InvalidOperationException($"the run ended before the fault point was reached (exit {result.ExitCode}):\n{result.Output}{result.Error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the fault point was not reached in two minutes");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A script started in its own process group (as systemd runs a unit, or a terminal a command), to be signalled as a whole.</summary>
public sealed class ScriptRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ScriptRun(Process process)
    {
        _process = process;
    }

    public int ProcessGroup => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ScriptRun Start(string script, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        // setsid execs the script in place (its caller leads no group), so the pid is the new group's id.
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        var run = new ScriptRun(process);
        process.OutputDataReceived += (_, e) => Append(run._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(run._error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Signals every process of the group, then SIGCONT, as systemd does when it stops a unit.</summary>
    public async Task SignalGroup(string signal)
    {
        var group = "-" + ProcessGroup.ToString(CultureInfo.InvariantCulture);
        await ProcessRunner.Run("kill", ["-s", signal, "--", group]);
        await ProcessRunner.Run("kill", ["-s", "CONT", "--", group]);
    }

    /// <summary>Waits for the script to end, at most three minutes.</summary>
    public async Task<ProcessResult> Wait()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the script did not end within three minutes:\n{Text(_output)}{Text(_error)}");
        }

        _process.WaitForExit();
        return new ProcessResult(_process.ExitCode, Text(_output), Text(_error));
    }

    /// <summary>Whatever is left of the group (a stalled wrapper) is killed: only this run's own processes.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.Run("kill", ["-s", "KILL", "--", "-" + ProcessGroup.ToString(CultureInfo.InvariantCulture)]);
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
