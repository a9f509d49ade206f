using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Each route at the proxy (host + path prefix) leads to exactly one service that listens.</summary>
public sealed class RouteRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.Services.Count; i++)
        {
            var service = settings.Services[i];
            if (service.Route is not { } route)
            {
                continue;
            }

            var key = ConfigKeys.Service(i, "route");
            if (!service.ListensOnPort)
            {
                yield return new ConfigError(key, $"service '{service.Name}' has a route but no port; give it a port or remove the route");
            }

            if (route.Host is null && route.PathPrefix is null)
            {
                yield return new ConfigError(key, $"service '{service.Name}' route needs a host, a pathPrefix, or both");
                continue;
            }

            if (route.PathPrefix is { } prefix && !RouteText.IsPath(prefix))
            {
                yield return new ConfigError(key + ".pathPrefix", $"'{prefix}' is not a path prefix; start with '/' and use only letters, digits and . _ ~ - /");
            }

            if (route.Host is { } host && !RouteText.IsHost(host))
            {
                yield return new ConfigError(key + ".host", $"'{host}' is not a host name (e.g. app.example.com)");
            }

            var identity = Normalize(route);
            if (owners.TryGetValue(identity, out var other))
            {
                yield return new ConfigError(key, $"route {route.Describe()} of service '{service.Name}' is already claimed by service '{other}'; each route needs one owner");
            }
            else
            {
                owners[identity] = service.Name;
            }
        }
    }

    private static string Normalize(RouteSettings route) =>
        $"{route.Host?.TrimEnd('.') ?? "*"}|{(route.PathPrefix ?? "/").TrimEnd('/')}";
}
