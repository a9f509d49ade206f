using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Infra.TestSupport;

public static class FreePort
{
    private const int Lowest = 10000;

    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A TCP port on 127.0.0.1 that nothing listens on right now, for a server a test starts. It lies
    /// below the kernel's range for outgoing connections (ip_local_port_range), whose ports any client
    /// on the machine may take between this check and the server's bind (seen in CI: HAProxy could not
    /// bind a port the kernel had handed out as free). Picked at random, so that test processes running
    /// at once rarely meet, and never twice in one process.
    /// </summary>
    public static int Next()
    {
        var highest = OutgoingRangeStart() - 1;
        lock (Given)
        {
            for (var attempt = 0; highest > Lowest && attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, highest + 1);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port the kernel hands out to outgoing connections (Linux; elsewhere IANA's 49152).</summary>
    private static int OutgoingRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49152;
        }
    }
}
