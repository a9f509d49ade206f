using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Every service can be asked whether it is healthy: by path if it listens, by command if not.</summary>
public sealed class HealthCheckRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        for (var i = 0; i < settings.Services.Count; i++)
        {
            var service = settings.Services[i];
            if (service.ListensOnPort && string.IsNullOrWhiteSpace(service.HealthPath))
            {
                yield return new ConfigError(
                    ConfigKeys.Service(i, "healthPath"),
                    $"service '{service.Name}' listens on port {service.Port} but has no health path; set healthPath to a path that answers 200 when it is ready (e.g. /health)");
            }
            else if (service.HealthPath is { } path && !RouteText.IsPath(path))
            {
                yield return new ConfigError(ConfigKeys.Service(i, "healthPath"), $"'{path}' is not a path; start with '/' and use only letters, digits and . _ ~ - /");
            }

            if (!service.ListensOnPort && (service.HealthCommand is null || service.HealthCommand.Count == 0))
            {
                yield return new ConfigError(
                    ConfigKeys.Service(i, "healthCommand"),
                    $"service '{service.Name}' listens on no port, so it needs a healthCommand (e.g. [\"node\", \"healthcheck.js\"]) that exits 0 when it works");
            }
        }
    }
}
