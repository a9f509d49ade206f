using System.Net.Sockets;
using System.Text;

namespace Infra.Proxy.Harness;

/// <summary>Asks HAProxy's runtime API over TCP (host:port on loopback), one command per session.</summary>
public static class HaproxyRuntime
{
    public static async Task<string> AskAsync(string address, string command)
    {
        var separator = address.LastIndexOf(':');
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Parse(address[..separator]), int.Parse(address[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The slots whose server in <paramref name="backend"/> takes requests (neither in maintenance nor down).</summary>
    public static async Task<IReadOnlyList<string>> ServingSlotsAsync(string address, string backend)
    {
        var state = await AskAsync(address, $"show servers state {backend}");
        return state.Split('\n')
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 7 && fields[1] == backend)
            .Where(fields => fields[5] == "2" && (int.Parse(fields[6]) & MaintenanceFlags) == 0)
            .Select(fields => fields[3])
            .ToList();
    }

    /// <summary>Forced, inherited and resolution maintenance (srv_admin_state bits 0x01, 0x02, 0x20).</summary>
    private const int MaintenanceFlags = 0x23;
}
