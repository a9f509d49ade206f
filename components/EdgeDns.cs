using Infra.Domain.Settings;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Infra.Components;

public sealed class EdgeDnsArgs : ResourceArgs
{
    public required EdgeSettings Settings { get; init; }
    public required Input<string> Address { get; init; }
}

/// <summary>Cloudflare A records for the domain, pointing at the server's reserved IP.</summary>
public sealed class EdgeDns : ComponentResource
{
    /// <summary>Cloudflare's "automatic" TTL, required for proxied records.</summary>
    private const double AutomaticTtl = 1;

    public EdgeDns(string name, EdgeDnsArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.EdgeDns, name, args, opts)
    {
        var edge = args.Settings;
        var names = new List<string>();
        var records = new List<Resource>();
        foreach (var record in edge.Records)
        {
            var fqdn = edge.Hostname(record);
            var slug = record == "@" ? "apex" : record.Replace('.', '-');
            records.Add(new Cloudflare.DnsRecord($"{name}-{slug}", new Cloudflare.DnsRecordArgs
            {
                ZoneId = edge.ZoneId,
                Name = fqdn,
                Type = "A",
                Content = args.Address,
                Proxied = edge.Proxied,
                Ttl = edge.Proxied ? AutomaticTtl : 300,
                Comment = "managed by infra (Pulumi)",
            }, new CustomResourceOptions { Parent = this, Protect = true }));
            names.Add(fqdn);
        }

        Records = records;
        Hostnames = Output.Create<IReadOnlyList<string>>(names);
        RegisterOutputs(new Dictionary<string, object?> { ["hostnames"] = Hostnames });
    }

    [Output]
    public Output<IReadOnlyList<string>> Hostnames { get; private set; }

    /// <summary>The records: once they exist, the names resolve to the server (what an ACME CA checks).</summary>
    public IReadOnlyList<Resource> Records { get; }
}
