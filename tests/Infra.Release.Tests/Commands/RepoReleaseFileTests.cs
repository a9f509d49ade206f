using Infra.Domain.Configuration;
using Infra.Release.Engine;
using Infra.Release.Releases;
using Infra.Release.Stacks;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

/// <summary>The release files the pipelines deploy are valid for their stacks.</summary>
public sealed class RepoReleaseFileTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void The_repo_release_file_fits_its_stack(string stack)
    {
        var file = StackFileConfig.Load(RepoFiles.Path($"Pulumi.{stack}.yaml"));
        var config = new EngineStackConfig(stack, file.Keys.ToDictionary(k => k, k => new ConfigEntry(file.Get(k)!.Text, file.Get(k)!.IsSecret)), _ => null);
        var release = ReleaseFile.Load(RepoFiles.Path("release", $"{stack}.yaml"));

        Assert.Empty(ReleaseFileValidator.Problems(release, config, "green"));
        Assert.Equal("2026.11.20-1", release.Version);
    }
}
