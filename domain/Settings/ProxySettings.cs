namespace Infra.Domain.Settings;

/// <summary>The proxy owns the public ports; the preview listener reaches the idle slot.</summary>
public sealed record ProxySettings
{
    public int HttpPort { get; init; } = 80;
    public int? HttpsPort { get; init; }
    public int PreviewPort { get; init; } = 8080;
}
