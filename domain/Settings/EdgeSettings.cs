namespace Infra.Domain.Settings;

/// <summary>DNS at Cloudflare pointing at the server's reserved IP.</summary>
public sealed record EdgeSettings
{
    public string Domain { get; init; } = "";
    public string ZoneId { get; init; } = "";
    public bool Proxied { get; init; } = true;

    /// <summary>Record names under the domain ("@" is the apex).</summary>
    public IReadOnlyList<string> Records { get; init; } = ["@"];
}
