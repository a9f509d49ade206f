using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Infra.Release.Tests.Support;

/// <summary>A real HTTP listener on 127.0.0.1 answering each path with the status set for it (404 when unset).</summary>
public sealed class HealthServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _status = new();

    public HealthServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public HealthServer Answer(string path, int status)
    {
        _status[path] = status;
        return this;
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue(path);
            context.Response.StatusCode = _status.GetValueOrDefault(path, 404);
            context.Response.Close();
        }
    }
}
