using Infra.Domain.Images;

namespace Infra.Domain.Tests.Images;

public class ImageReferenceTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    [Theory]
    [InlineData("redis", "redis", null, null)]
    [InlineData("redis:7.4", "redis", "7.4", null)]
    [InlineData("ghcr.io/acme/api@" + Digest, "ghcr.io/acme/api", null, Digest)]
    [InlineData("registry.local:5000/api:v1@" + Digest, "registry.local:5000/api", "v1", Digest)]
    public void Parses_repository_tag_and_digest(string text, string repository, string? tag, string? digest)
    {
        var image = ImageReference.Parse(text);

        Assert.Equal(new ImageReference(repository, tag, digest), image);
        Assert.Equal(text, image.ToString());
    }
}
