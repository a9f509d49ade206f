using Infra.Domain.Configuration;
using Infra.Release.Releases;
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
        var settings = StackSettingsReader.Read(StackFileConfig.Load(RepoFiles.Path($"Pulumi.{stack}.yaml"))).Settings!;
        var release = ReleaseFile.Load(RepoFiles.Path("release", $"{stack}.yaml"));

        Assert.Empty(ReleaseFileValidator.Problems(release, settings));
        Assert.Equal("2026.11.20-1", release.Version);
    }
}
