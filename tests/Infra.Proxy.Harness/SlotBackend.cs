using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Infra.Proxy.Harness;

/// <summary>
/// Stands in for one service's container in one slot: answers every path with its slot's name,
/// <c>/health</c> with 200 or 503, and echoes WebSocket messages prefixed with its slot.
/// </summary>
public sealed class SlotBackend : IAsyncDisposable
{
    public const string HealthPath = "/health";

    private readonly WebApplication _app;
    private bool _stopped;

    private SlotBackend(string service, string slot, WebApplication app)
    {
        Service = service;
        Slot = slot;
        _app = app;
    }

    public string Service { get; }
    public string Slot { get; }
    public int Port { get; private set; }

    /// <summary>When false the health path answers 503; every other path still answers.</summary>
    public bool Healthy { get; set; } = true;

    /// <param name="port">The port on 127.0.0.1 to listen on; 0 (the default) for any free one.</param>
    public static async Task<SlotBackend> StartAsync(string service, string slot, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var backend = new SlotBackend(service, slot, builder.Build());
        backend._app.UseWebSockets();
        backend._app.Run(backend.Answer);
        await backend._app.StartAsync();
        var address = backend._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    /// <summary>Stops listening, as a stopped container would.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Answer(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await Echo(await context.WebSockets.AcceptWebSocketAsync());
            return;
        }

        if (context.Request.Path == HealthPath)
        {
            context.Response.StatusCode = Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentLength = 0;
            return;
        }

        var body = Encoding.ASCII.GetBytes(Slot);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    private async Task Echo(WebSocket socket)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            var reply = Encoding.UTF8.GetBytes($"{Slot}:{Encoding.UTF8.GetString(buffer, 0, received.Count)}");
            await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }
}
