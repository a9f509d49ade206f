using System.Collections.Immutable;
using Infra.Components;
using Infra.Domain.Configuration;
using Infra.Domain.Releases;
using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Pulumi;

namespace Infra.Stacks;

/// <summary>Validates the configuration before the deployment starts, then defines the stack.</summary>
public static class StackProgram
{
    public static async Task<int> RunAsync(IStackConfig config)
    {
        var configuration = StackConfiguration.Load(config);
        if (!configuration.IsValid)
        {
            // A user's mistake, not a crash: one line per problem, no stack trace, nothing touched.
            await Console.Error.WriteLineAsync(configuration.Report(config.StackName));
            return 1;
        }

        return await Deployment.RunAsync(() => Define(configuration, rawConfig: config));
    }

    /// <summary>The stack for an already validated configuration; reads secrets through Pulumi only.</summary>
    public static IDictionary<string, object?> Define(StackConfiguration configuration, ComponentResourceOptions? rootOptions = null, IStackConfig? rawConfig = null)
    {
        var config = new Config();
        var settings = configuration.Settings!;
        if (rawConfig is not null)
        {
            WarnAboutPendingChanges(settings, rawConfig);
        }

        SecretSource stackSecrets = key => config.RequireSecret(key);
        return InfraStack.Define(
            settings,
            stackSecrets,
            slot => settings.PinnedSecretsKey(slot) is { } pinned
                ? SecretSources.FromMap(config.RequireSecretObject<ImmutableDictionary<string, string>>(pinned))
                : stackSecrets,
            config.GetSecret(ConfigKeys.SshPrivateKey),
            rootOptions);
    }

    /// <summary>Says (keys, never values) what the stack file would change in the live slot, and how it gets there.</summary>
    private static void WarnAboutPendingChanges(StackSettings settings, IStackConfig config)
    {
        var live = settings.Release.ActiveSlot;
        var deployed = config.Get(ConfigKeys.SlotSecrets(live)) is { } map && SecretValues.TryParse(map.Text, out var values) ? values : null;
        var pending = PendingChanges.For(settings, key => config.Get(key)?.Text, key => deployed?.GetValueOrDefault(key));
        foreach (var line in pending.Describe(config.StackName))
        {
            Log.Warn(line);
        }
    }
}
