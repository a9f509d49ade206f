namespace Infra.Domain.Settings;

/// <summary>DNS at Cloudflare pointing at the server's reserved IP.</summary>
public sealed record EdgeSettings
{
    public string Domain { get; init; } = "";
    public string ZoneId { get; init; } = "";
    public bool Proxied { get; init; } = true;

    /// <summary>Record names under the domain ("@" is the apex).</summary>
    public IReadOnlyList<string> Records { get; init; } = ["@"];

    /// <summary>The fully qualified name of a record ("@" is the domain itself).</summary>
    public string Hostname(string record) => record == "@" ? Domain : $"{record}.{Domain}";

    /// <summary>Every record's fully qualified name: the DNS records, and the names the origin certificate covers.</summary>
    public IReadOnlyList<string> Hostnames => Records.Select(Hostname).ToList();
}
