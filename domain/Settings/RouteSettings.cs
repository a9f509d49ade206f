namespace Infra.Domain.Settings;

/// <summary>How the proxy reaches a service: by host, by path prefix, or both.</summary>
public sealed record RouteSettings
{
    public string? Host { get; init; }
    public string? PathPrefix { get; init; }
    public bool WebSockets { get; init; }

    public string Describe() => $"{Host ?? "*"}{PathPrefix ?? "/"}";
}
