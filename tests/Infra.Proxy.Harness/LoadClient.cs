using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Infra.Proxy.Harness;

/// <summary>
/// Keep-alive HTTP/1.1 load on raw sockets that never retries: each connection sends a request, waits
/// for its answer and sends the next on schedule, spreading the total rate over the connections. A
/// request without a complete 200 answer is a failure and stays one (HttpClient would silently resend
/// some requests on a reused connection, hiding exactly the resets measured here). A connection the
/// proxy closes is opened again for the next request, and counted.
/// </summary>
public sealed class LoadClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly int _port;
    private readonly int _connections;
    private readonly long _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RequestRecord>[] _records;
    private readonly int[] _opened;
    private readonly bool[] _openAtEnd;
    private readonly Task[] _runs;

    private readonly TlsClient? _tls;

    private LoadClient(int port, IReadOnlyList<string> paths, int connections, int requestsPerSecond, TlsClient? tls)
    {
        _port = port;
        _tls = tls;
        _connections = connections;
        _interval = Stopwatch.Frequency * connections / requestsPerSecond;
        _records = Enumerable.Range(0, connections).Select(_ => new List<RequestRecord>()).ToArray();
        _opened = new int[connections];
        _openAtEnd = new bool[connections];
        _runs = Enumerable.Range(0, connections).Select(i => Task.Run(() => Run(i, paths[i % paths.Count]))).ToArray();
    }

    /// <summary>Starts <paramref name="connections"/> connections to 127.0.0.1, spread over <paramref name="paths"/>; over TLS with <paramref name="tls"/>.</summary>
    public static LoadClient Start(int port, IReadOnlyList<string> paths, int connections = 16, int requestsPerSecond = 4000, TlsClient? tls = null) =>
        new(port, paths, connections, requestsPerSecond, tls);

    /// <summary>Lets every connection finish its request in flight, then reports.</summary>
    public async Task<LoadResult> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs);
        var requests = _records.SelectMany(r => r).OrderBy(r => r.SentAt).ToList();
        return new LoadResult(requests, _connections, _opened.Sum(o => Math.Max(0, o - 1)), _openAtEnd.Count(open => open));
    }

    private async Task Run(int index, string path)
    {
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\n\r\n");
        var next = Stopwatch.GetTimestamp() + _interval * index / _connections;
        Socket? socket = null;
        Stream? stream = null;
        HttpResponseReader? reader = null;
        while (!_stop.IsCancellationRequested)
        {
            if (!await WaitUntil(next))
            {
                break;
            }

            next = Math.Max(next + _interval, Stopwatch.GetTimestamp() - _interval);
            var sent = Stopwatch.GetTimestamp();
            using var timeout = new CancellationTokenSource(RequestTimeout);
            try
            {
                if (socket is null)
                {
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    _opened[index]++;
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), timeout.Token);
                    stream = _tls is null ? new NetworkStream(socket, ownsSocket: false) : await _tls.ConnectAsync(socket, timeout.Token);
                    reader = new HttpResponseReader(stream);
                }

                await stream!.WriteAsync(request, timeout.Token);
                var response = await reader!.ReadAsync(timeout.Token);
                _records[index].Add(new RequestRecord(index, path, sent, Stopwatch.GetTimestamp(), response.Status, response.Body, null));
                if (response.Close)
                {
                    stream.Dispose();
                    socket.Dispose();
                    socket = null;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                stream?.Dispose();
                var error = e is OperationCanceledException ? $"no answer in {RequestTimeout.TotalSeconds} s" : e.Message;
                _records[index].Add(new RequestRecord(index, path, sent, Stopwatch.GetTimestamp(), 0, null, error));
                socket?.Dispose();
                socket = null;
            }
        }

        _openAtEnd[index] = socket is not null && !ClosedByPeer(socket);
        stream?.Dispose();
        socket?.Dispose();
    }

    private async Task<bool> WaitUntil(long timestamp)
    {
        var wait = timestamp - Stopwatch.GetTimestamp();
        if (wait <= 0)
        {
            return true;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), _stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Readable with nothing to read means the other side closed it.</summary>
    private static bool ClosedByPeer(Socket socket) => socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
}
