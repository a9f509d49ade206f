using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Every port, container or published, is a real TCP port.</summary>
public sealed class PortRangeRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config) =>
        PortClaims.All(settings)
            .Where(claim => claim.Port is < 1 or > 65535)
            .Select(claim => new ConfigError(claim.Key, $"port {claim.Port} of {claim.Owner} is outside 1-65535"));
}
