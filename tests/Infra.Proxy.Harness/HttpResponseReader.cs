using System.Text;

namespace Infra.Proxy.Harness;

public sealed record HttpResponse(int Status, string Body, bool Close);

/// <summary>Reads HTTP/1.1 responses with a Content-Length body from a connection (plain or TLS) that stays open between them.</summary>
internal sealed class HttpResponseReader(Stream connection)
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public async Task<HttpResponse> ReadAsync(CancellationToken cancel)
    {
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await Fill(cancel);
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd).Split("\r\n");
        _start += headerEnd + HeaderEnd.Length;
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToLookup(parts => parts[0].Trim().ToLowerInvariant(), parts => parts.Length > 1 ? parts[1].Trim() : "");
        if (headers["transfer-encoding"].Any())
        {
            throw new IOException("chunked responses are not supported by this client");
        }

        var length = int.Parse(headers["content-length"].FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        while (_end - _start < length)
        {
            await Fill(cancel);
        }

        var body = Encoding.ASCII.GetString(_buffer, _start, length);
        _start += length;
        var close = headers["connection"].Any(v => v.Equals("close", StringComparison.OrdinalIgnoreCase));
        return new HttpResponse(status, body, close);
    }

    private async Task Fill(CancellationToken cancel)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await connection.ReadAsync(_buffer.AsMemory(_end), cancel);
        if (read == 0)
        {
            throw new IOException("connection closed by the proxy");
        }

        _end += read;
    }
}
