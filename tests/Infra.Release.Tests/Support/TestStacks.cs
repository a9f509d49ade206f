using Infra.Domain.Settings;
using Infra.Release.Stacks;

namespace Infra.Release.Tests.Support;

/// <summary>Validated settings of the repo's stack files, as the commands load them.</summary>
public static class TestStacks
{
    /// <summary>Staging with blue live on 2026.11.20-1 and green holding 2026.11.22-1.</summary>
    public static StackSettings StagingWithGreen(Action<FakeStackEngine>? change = null)
    {
        var engine = FakeStackEngine.FromStackFile("staging");
        TestReleases.DeployV2ToGreen(engine);
        change?.Invoke(engine);
        return StackContext.LoadAsync(engine, name => name == "DIGITALOCEAN_TOKEN" ? "set" : null, CancellationToken.None).GetAwaiter().GetResult().Settings;
    }
}
