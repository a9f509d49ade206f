using Infra.Domain.Settings;
using Infra.Domain.Validation;
using Infra.Release.Engine;

namespace Infra.Release.Stacks;

/// <summary>A selected stack with its validated settings, as every command starts from.</summary>
public sealed record StackContext(IStackEngine Engine, StackSettings Settings, EngineStackConfig Config)
{
    public string Name => Engine.StackName;

    public ReleaseSettings Release => Settings.Release;

    public string ActiveSlot => Settings.Release.ActiveSlot;

    public string IdleSlot => Slots.Other(ActiveSlot);

    public static async Task<StackContext> LoadAsync(IStackEngine engine, Func<string, string?> environment, CancellationToken cancel)
    {
        var config = new EngineStackConfig(engine.StackName, await engine.GetConfigAsync(cancel), environment);
        var loaded = StackConfiguration.Load(config);
        if (!loaded.IsValid)
        {
            throw new ReleaseRefusal(
                $"stack '{engine.StackName}' configuration is invalid ({string.Join("; ", loaded.Errors)}); fix it first, nothing was changed");
        }

        return new StackContext(engine, loaded.Settings!, config);
    }

    /// <summary>The stack's public address (the droplet's reserved IP, or the local engine's host).</summary>
    public async Task<string> PublicAddressAsync(CancellationToken cancel)
    {
        var outputs = await Engine.GetOutputsAsync(cancel);
        return outputs.TryGetValue("publicAddress", out var address) && address != ""
            ? address
            : throw new ReleaseRefusal($"stack '{Name}' has no publicAddress output yet; run a first deploy with `pulumi up`");
    }
}
