using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>A port someone claims, where it is configured, and whether it is published on the host.</summary>
public sealed record PortClaim(int Port, string Owner, string Key, bool Published);

public static class PortClaims
{
    public static IEnumerable<PortClaim> All(StackSettings settings)
    {
        var proxy = settings.Proxy;
        yield return new PortClaim(proxy.HttpPort, "the proxy's HTTP listener", ConfigKeys.Of(ConfigKeys.Proxy, "httpPort"), true);
        if (proxy.HttpsPort is { } https)
        {
            yield return new PortClaim(https, "the proxy's HTTPS listener", ConfigKeys.Of(ConfigKeys.Proxy, "httpsPort"), true);
        }

        yield return new PortClaim(proxy.PreviewPort, "the proxy's idle-slot listener", ConfigKeys.Of(ConfigKeys.Proxy, "previewPort"), true);
        for (var i = 0; i < settings.Services.Count; i++)
        {
            var service = settings.Services[i];
            if (service.Port is { } port)
            {
                yield return new PortClaim(port, $"service '{service.Name}'", ConfigKeys.Service(i, "port"), false);
            }

            if (service.HostPort is { } hostPort)
            {
                yield return new PortClaim(hostPort, $"service '{service.Name}'", ConfigKeys.Service(i, "hostPort"), true);
            }
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            yield return new PortClaim(accessory.Port, $"accessory '{accessory.Name}'", ConfigKeys.Accessory(i, "port"), false);
            if (accessory.HostPort is { } hostPort)
            {
                yield return new PortClaim(hostPort, $"accessory '{accessory.Name}'", ConfigKeys.Accessory(i, "hostPort"), true);
            }
        }
    }
}
