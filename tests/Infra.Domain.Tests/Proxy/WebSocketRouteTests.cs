using System.Net.WebSockets;
using System.Text;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

[Collection(RealProxy.Name)]
[Trait(RequiresProgram.Trait, "haproxy")]
public sealed class WebSocketRouteTests
{
    [SkippableFact]
    public async Task A_websocket_upgrades_through_the_active_route_and_an_open_one_survives_a_switch()
    {
        await using var rig = await RealProxy.StartRig();
        using var opened = await Connect(rig.PublicPort);
        Assert.Equal("blue:hello", await Echo(opened, "hello"));

        var run = await rig.SwitchAsync(Slots.Green);
        Assert.True(run.ExitCode == 0, run.ToString());

        // Maintenance stops new requests, not tunnels: the old slot keeps its open sockets until they close.
        Assert.Equal("blue:still here", await Echo(opened, "still here"));
        using var reopened = await Connect(rig.PublicPort);
        Assert.Equal("green:hello", await Echo(reopened, "hello"));
    }

    private static async Task<ClientWebSocket> Connect(int port)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/live"), timeout.Token);
        return socket;
    }

    private static async Task<string> Echo(ClientWebSocket socket, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
