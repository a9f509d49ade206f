using Infra.Domain.Configuration;
using Infra.Domain.Environments;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Configuration;

public class StagingMirrorsProdTests
{
    [Fact]
    public void Repo_staging_and_prod_have_the_same_shape()
    {
        var staging = Read(File.ReadAllText(RepoFiles.Path("Pulumi.staging.yaml")), "staging");
        var prod = Read(File.ReadAllText(RepoFiles.Path("Pulumi.prod.yaml")), "prod");

        Assert.Empty(StackShape.Differences(staging, prod));
    }

    [Fact]
    public void Sizes_domains_and_releases_may_differ()
    {
        var prod = Read(File.ReadAllText(RepoFiles.Path("Pulumi.prod.yaml")), "prod");
        var resized = prod with
        {
            StackName = "staging",
            Server = prod.Server with { Size = "s-8vcpu-16gb", DataVolumeGb = 500, DropletBackups = false },
            Edge = prod.Edge! with { Domain = "staging.example.org" },
            Services = [.. prod.Services.Select(s => s with { MemoryMb = s.MemoryMb * 2 })],
            Release = prod.Release with { ActiveSlot = "green", Slots = new Dictionary<string, SlotRelease>() },
        };

        Assert.Empty(StackShape.Differences(prod, resized));
    }

    [Theory]
    [InlineData("port: 8000", "port: 8001", "service[api].port=8000")]
    [InlineData("healthPath: /health\n      route: { pathPrefix: /api }", "healthPath: /ready\n      route: { pathPrefix: /api }", "service[api].healthPath=/health")]
    [InlineData("route: { pathPrefix: /api }", "route: { pathPrefix: /v1 }", "service[api].route=*/api websockets=False")]
    [InlineData("      backup: true\n", "      backup: false\n", "accessory[db].backup=True")]
    [InlineData("    - name: cache\n      kind: redis", "    - name: redis\n      kind: redis", "accessory[cache].kind=Redis")]
    public void A_drift_in_prod_is_named(string original, string drifted, string expectedStagingLine)
    {
        var stagingText = File.ReadAllText(RepoFiles.Path("Pulumi.staging.yaml"));
        var prodText = File.ReadAllText(RepoFiles.Path("Pulumi.prod.yaml"));
        Assert.Contains(original, prodText);

        var staging = Read(stagingText, "staging");
        var prod = Read(prodText.Replace(original, drifted), "prod");

        Assert.Contains($"staging: {expectedStagingLine}", StackShape.Differences(staging, prod));
    }

    private static StackSettings Read(string yaml, string stack)
    {
        var (settings, errors) = StackSettingsReader.Read(StackFileConfig.Parse(stack, yaml));
        Assert.Empty(errors);
        return settings!;
    }
}
