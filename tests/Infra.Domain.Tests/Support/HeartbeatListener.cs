using System.Net;

namespace Infra.Domain.Tests.Support;

/// <summary>A tiny HTTP endpoint on 127.0.0.1 that counts the requests it answers, to observe heartbeat pings.</summary>
public sealed class HeartbeatListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _pings;

    public HeartbeatListener()
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}/ping/backup";
        _listener.Prefixes.Add(Url.Replace("ping/backup", "", StringComparison.Ordinal));
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Url { get; }

    public int Pings => Volatile.Read(ref _pings);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener being closed under it.
        }
    }

    private async Task Serve()
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

            Interlocked.Increment(ref _pings);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
