using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>A stack named local, staging or prod must say it is that environment, so prod rules can't be dodged.</summary>
public sealed class EnvironmentRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var expected = DeploymentEnvironments.Parse(settings.StackName);
        if (expected is not null && expected != settings.Environment)
        {
            yield return new ConfigError(
                ConfigKeys.Full(ConfigKeys.Environment),
                $"stack '{settings.StackName}' must set environment to {expected.Value.Name()}, not {settings.Environment.Name()}");
        }

        if (settings.IsCloud && !settings.Server.IsDigitalOcean)
        {
            yield return new ConfigError(
                ConfigKeys.Of(ConfigKeys.Server, "provider"),
                $"{settings.Environment.Name()} runs on a droplet; set provider to digitalocean");
        }

        if (!settings.IsCloud && settings.Server.Provider != ServerProviders.Local)
        {
            yield return new ConfigError(
                ConfigKeys.Of(ConfigKeys.Server, "provider"),
                "the local environment runs on this machine's Docker engine; set provider to local");
        }
    }
}
