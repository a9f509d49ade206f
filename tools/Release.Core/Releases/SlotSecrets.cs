using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Infra.Release.Engine;

namespace Infra.Release.Releases;

/// <summary>
/// A slot's secret values: the stack's current values of every secret its services name, copied
/// into the slot's own secret key when a release is deployed into it. Values stay in the engine
/// and in memory; nothing here prints them.
/// </summary>
public static class SlotSecrets
{
    /// <summary>Copies the stack's secrets into <paramref name="slot"/>; returns the slot's previous values, to put back if the update is refused.</summary>
    public static async Task<SecretText?> PinAsync(IStackEngine engine, string slot, IReadOnlyList<ServiceSettings> services, CancellationToken cancel)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in PinnedSlotRule.SecretKeys(services))
        {
            var value = await engine.GetSecretAsync(ConfigKeys.Full(key), cancel);
            if (value is null || value.IsEmpty)
            {
                throw new ReleaseRefusal($"secret {ConfigKeys.Full(key)} is not set or empty; run `pulumi config set --secret {key} <value> --stack {engine.StackName}`; nothing was changed");
            }

            values[key] = value.Reveal();
        }

        var slotKey = ConfigKeys.Full(ConfigKeys.SlotSecrets(slot));
        var previous = await engine.GetSecretAsync(slotKey, cancel);
        await engine.SetSecretAsync(slotKey, new SecretText(SecretValues.Write(values)), cancel);
        return previous;
    }

    /// <summary>Puts the slot's previous values back (or removes the key when it had none).</summary>
    public static async Task RestoreAsync(IStackEngine engine, string slot, SecretText? previous, CancellationToken cancel)
    {
        var slotKey = ConfigKeys.Full(ConfigKeys.SlotSecrets(slot));
        if (previous is null)
        {
            await engine.SetConfigAsync([ConfigWrite.Whole(slotKey, null)], cancel);
        }
        else
        {
            await engine.SetSecretAsync(slotKey, previous, cancel);
        }
    }

    /// <summary>
    /// The secret values a slot's containers run with: its own pinned values, or the stack's for a slot
    /// that follows the stack (as stacks/StackProgram gives them to the containers).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(IStackEngine engine, StackSettings settings, string slot, CancellationToken cancel)
    {
        if (settings.PinnedSecretsKey(slot) is { } pinnedKey)
        {
            var map = await engine.GetSecretAsync(ConfigKeys.Full(pinnedKey), cancel);
            return map is not null && SecretValues.TryParse(map.Reveal(), out var pinned)
                ? pinned
                : throw new ReleaseRefusal($"secret {ConfigKeys.Full(pinnedKey)} is not set or not a JSON map; deploy slot {slot} again");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in PinnedSlotRule.SecretKeys(settings.ServicesIn(slot)))
        {
            if (await engine.GetSecretAsync(ConfigKeys.Full(key), cancel) is { IsEmpty: false } value)
            {
                values[key] = value.Reveal();
            }
        }

        return values;
    }
}
