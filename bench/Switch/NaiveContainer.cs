using System.Diagnostics;
using System.Reflection;
using Infra.Proxy.Harness;

namespace Infra.Bench;

/// <summary>
/// The naive deployment's one container, without Docker or an image registry: a process of this
/// program (<c>Switch container &lt;version&gt; &lt;port&gt;</c>) serving one version on one fixed port
/// on 127.0.0.1, clients connecting to that port directly. Replacing it in place is
/// <c>docker rm -f app &amp;&amp; docker run -d -p port:3000 app:v2</c>: kill the process (SIGKILL, as
/// <c>rm -f</c> does) and wait until it is gone, then start a new process of the other version on
/// the same port, not waiting for it to be ready (<c>docker run -d</c> returns once the container
/// runs). Docker's own create and start time is not part of it.
/// </summary>
public sealed class NaiveContainer : IAsyncDisposable
{
    private const string Ready = "listening";

    private readonly Process _process;
    private readonly Task _listening;
    private readonly Task<string> _errors;
    private bool _disposed;

    private NaiveContainer(string version, int port, Process process)
    {
        Version = version;
        Port = port;
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
        _listening = WaitForReadyLine();
    }

    public string Version { get; }
    public int Port { get; }

    /// <summary><c>docker run -d</c>: starts the process and returns.</summary>
    public static NaiveContainer Run(string version, int port)
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            // Its standard input stays open while this process holds it: should the bench die, the
            // container sees end of input and stops.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "container", version, port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return new NaiveContainer(version, port, Process.Start(start)!);
    }

    /// <summary>Serves <paramref name="version"/> on 127.0.0.1:<paramref name="port"/> until its standard input ends.</summary>
    public static async Task<int> ServeAsync(string version, int port)
    {
        await using var backend = await SlotBackend.StartAsync("web", version, port);
        Console.WriteLine(Ready);
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Waits (bounded) until the process listens on its port.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await _listening.WaitAsync(timeout, cancel);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the naive container {Version} did not listen on port {Port} within {timeout.TotalSeconds} s");
        }
    }

    /// <summary><c>docker rm -f</c>: SIGKILL, then wait until the process is gone.</summary>
    public async Task RemoveAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await RemoveAsync();
            _process.Dispose();
        }
    }

    private async Task WaitForReadyLine()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == Ready)
            {
                return;
            }
        }

        await _process.WaitForExitAsync();
        throw new InvalidOperationException($"the naive container {Version} exited with {_process.ExitCode} before listening on port {Port}:\n{await _errors}");
    }
}
