using System.Globalization;

namespace Infra.Release.Hosts;

/// <summary>One server of one backend, as HAProxy's <c>show servers state</c> reports it.</summary>
public sealed record ProxyServer(string Backend, string Server, int OperationalState, int AdministrativeState)
{
    // HAProxy's SRV_ADMF_* bits (src/server.h): forced maintenance (the runtime API's `state maint`, or
    // `disabled` in the configuration), maintenance inherited from a tracked server, and an address not resolved.
    private const int ForcedMaintenance = 0x01;
    private const int InheritedMaintenance = 0x02;
    private const int Unresolved = 0x20;

    /// <summary>SRV_ST_RUNNING: the health checks pass (or none run).</summary>
    private const int Running = 2;

    /// <summary>Whether the proxy sends this backend's requests to it: not in maintenance by an operator, the config or a tracked server.</summary>
    public bool TakesTraffic => (AdministrativeState & (ForcedMaintenance | InheritedMaintenance)) == 0;

    public bool IsResolved => (AdministrativeState & Unresolved) == 0;

    public bool IsUp => OperationalState == Running && IsResolved;
}

/// <summary>Parses <c>show servers state</c>: a version line, a header naming the columns, one line per server.</summary>
public static class ProxyServersState
{
    public static IReadOnlyList<ProxyServer> Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.FirstOrDefault(line => line.StartsWith('#'))
            ?? throw new ReleaseRefusal($"the proxy's runtime API answered `show servers state` without its header: {lines.FirstOrDefault() ?? "nothing"}");
        var columns = header.TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        int Column(string name) => columns.IndexOf(name) is >= 0 and var index
            ? index
            : throw new ReleaseRefusal($"the proxy's `show servers state` has no column {name}");
        var (backend, server, operational, administrative) = (Column("be_name"), Column("srv_name"), Column("srv_op_state"), Column("srv_admin_state"));

        return lines
            .Where(line => !line.StartsWith('#') && line.Contains(' ', StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == columns.Count)
            .Select(fields => new ProxyServer(fields[backend], fields[server], Number(fields[operational]), Number(fields[administrative])))
            .ToList();
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
