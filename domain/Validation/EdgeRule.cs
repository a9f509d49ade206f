using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>DNS needs a real domain and the Cloudflare zone ID; local stacks have no edge.</summary>
public sealed partial class EdgeRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        if (settings.Edge is not { } edge)
        {
            yield break;
        }

        if (!settings.IsCloud)
        {
            yield return new ConfigError(ConfigKeys.Full(ConfigKeys.Edge), "the local stack has no public address; remove edge");
            yield break;
        }

        if (!Domain().IsMatch(edge.Domain))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Edge, "domain"), $"'{edge.Domain}' is not a domain name");
        }

        if (!ZoneId().IsMatch(edge.ZoneId))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Edge, "zoneId"), $"'{edge.ZoneId}' is not a Cloudflare zone ID (32 hex characters, on the zone's overview page)");
        }
    }

    [GeneratedRegex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$")]
    private static partial Regex Domain();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ZoneId();
}
