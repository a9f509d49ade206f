using System.Diagnostics;
using System.Net.Sockets;

namespace Infra.Proxy.Harness;

/// <summary>
/// A real haproxy started on a configuration file, its output in a log file beside it. Stopping
/// it and starting it again reads the configuration from disk again, as a restarted container would.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly string _program;
    private readonly string _configPath;
    private readonly string _runtimeAddress;
    private readonly int _readyPort;
    private readonly bool _masterWorker;
    private Process? _process;

    public HaproxyProcess(string program, string configPath, string runtimeAddress, int readyPort, bool masterWorker = false)
    {
        _program = program;
        _configPath = configPath;
        _runtimeAddress = runtimeAddress;
        _readyPort = readyPort;
        _masterWorker = masterWorker;
    }

    public string LogPath => _configPath + ".log";

    /// <summary>In master-worker mode, the master, which reloads on SIGUSR2.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("haproxy is not running");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        // exec keeps the process id: the one we hold is haproxy's.
        List<string> arguments = ["-c", "exec \"$0\" \"$@\" >>\"$HAPROXY_LOG\" 2>&1", _program, .. _masterWorker ? ["-W"] : Array.Empty<string>(), "-db", "-f", _configPath];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HAPROXY_LOG"] = LogPath;
        // A name that resolves nowhere (an absent container) then costs haproxy a second at start, not five.
        start.Environment["RES_OPTIONS"] = "timeout:1 attempts:1";
        _process = Process.Start(start)!;
        await WaitUntilReady();
    }

    /// <summary>Hard stop (SIGTERM), as <c>docker stop</c> with a short grace would end it.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            await SignalAsync("TERM");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Master-worker reload: a new worker reads the file, the old one finishes its connections.</summary>
    public Task ReloadAsync() => SignalAsync("USR2");

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    private async Task WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}:\n{Log()}");
            }

            if (await Answers())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"haproxy did not become ready in 15 s:\n{Log()}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> Answers()
    {
        try
        {
            await HaproxyRuntime.AskAsync(_runtimeAddress, "show info");
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", _readyPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
