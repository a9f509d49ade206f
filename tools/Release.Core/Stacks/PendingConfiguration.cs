using Infra.Domain.Configuration;
using Infra.Domain.Releases;
using Infra.Domain.Validation;

namespace Infra.Release.Stacks;

/// <summary>The stack file against the live slot, for preview and status; secret values are compared in memory and never shown.</summary>
public static class PendingConfiguration
{
    public static async Task<PendingChanges> ReadAsync(StackContext stack, CancellationToken cancel)
    {
        var live = stack.ActiveSlot;
        var keys = PinnedSlotRule.SecretKeys(stack.Settings.Services.Concat(stack.Settings.ServicesIn(live)));
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (await stack.Engine.GetSecretAsync(ConfigKeys.Full(key), cancel) is { } value)
            {
                current[key] = value.Reveal();
            }
        }

        var deployedMap = await stack.Engine.GetSecretAsync(ConfigKeys.Full(ConfigKeys.SlotSecrets(live)), cancel);
        var deployed = deployedMap is not null && SecretValues.TryParse(deployedMap.Reveal(), out var values) ? values : new Dictionary<string, string>();
        return PendingChanges.For(stack.Settings, current.GetValueOrDefault, deployed.GetValueOrDefault);
    }
}
