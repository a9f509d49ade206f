using System.Net;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Databases and caches live on the private network; at most a loopback port for an SSH tunnel.</summary>
public sealed class AccessoryExposureRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            if (accessory.Public)
            {
                yield return new ConfigError(ConfigKeys.Accessory(i, "public"), $"accessory '{accessory.Name}' must not be public; services reach it on the private network, admins through an SSH tunnel");
            }

            if (accessory.HostPort is not null && !IsLoopback(accessory.HostBind))
            {
                yield return new ConfigError(ConfigKeys.Accessory(i, "hostBind"), $"accessory '{accessory.Name}' would publish port {accessory.HostPort} on {accessory.HostBind}; bind it to 127.0.0.1 or remove hostPort");
            }
        }
    }

    private static bool IsLoopback(string bind) =>
        bind == "localhost" || (IPAddress.TryParse(bind, out var address) && IPAddress.IsLoopback(address));
}
