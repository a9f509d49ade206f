using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class ImagePinningRuleTests
{
    [Theory]
    [InlineData("ghcr.io/acme/api:latest")]
    [InlineData("ghcr.io/acme/api")]
    [InlineData("ghcr.io/acme/api@sha256:abc")]
    public void Unpinned_release_image_in_prod_is_rejected(string image)
    {
        var config = Stacks.Prod();
        config.Slot("blue")["images"]!["api"] = image;

        Assert.Contains(
            $"infra:release.slots.blue.images.api: image '{image}' is not pinned by digest; use ghcr.io/acme/api@sha256:<digest> (`docker buildx imagetools inspect` prints it)",
            config.Problems());
    }

    [Fact]
    public void Unpinned_image_in_staging_is_rejected()
    {
        var config = Stacks.Staging();
        config.Slot("blue")["images"]!["web"] = "ghcr.io/acme/web:v2";

        Expect.Problems(config, "infra:release.slots.blue.images.web: image 'ghcr.io/acme/web:v2' is not pinned by digest; use ghcr.io/acme/web@sha256:<digest> (`docker buildx imagetools inspect` prints it)");
    }

    [Fact]
    public void Unpinned_accessory_image_in_prod_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["image"] = "postgres:16";

        Expect.Problems(config, "infra:accessories[0].image: accessory 'db' image 'postgres:16' is not pinned by digest; append @sha256:<digest>");
    }

    [Fact]
    public void Release_image_from_another_repository_is_rejected()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["images"]!["api"] = "docker.io/evil/api@" + Stacks.ApiDigest;

        Expect.Problems(config, $"infra:release.slots.blue.images.api: image 'docker.io/evil/api@{Stacks.ApiDigest}' is not from repository 'ghcr.io/acme/api' that service 'api' names");
    }

    [Fact]
    public void Tag_and_digest_together_count_as_pinned()
    {
        var config = Stacks.Prod();
        config.Slot("blue")["images"]!["api"] = "ghcr.io/acme/api:v2@" + Stacks.ApiDigest;

        Assert.Empty(config.Problems());
    }
}
