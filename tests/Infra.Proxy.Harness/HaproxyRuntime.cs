using System.Net.Sockets;
using System.Text;

namespace Infra.Proxy.Harness;

/// <summary>Asks HAProxy's runtime API over its unix socket, one command per session.</summary>
public static class HaproxyRuntime
{
    public static async Task<string> AskAsync(string socketPath, string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The slots whose server in <paramref name="backend"/> takes requests (neither in maintenance nor down).</summary>
    public static async Task<IReadOnlyList<string>> ServingSlotsAsync(string socketPath, string backend)
    {
        var state = await AskAsync(socketPath, $"show servers state {backend}");
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
