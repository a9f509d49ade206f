using Infra.Domain.Configuration;
using Infra.Domain.Tests.Support;
using Infra.Domain.Validation;

namespace Infra.Domain.Tests.Configuration;

/// <summary>
/// The repo's stack files carry no secrets (each team sets its own with `pulumi config set --secret`),
/// so the only problems they may have are those secrets being unset.
/// </summary>
public class RepoStackFileTests
{
    [Theory]
    [InlineData("local", new[] { "infra:dbPassword", "infra:cachePassword" })]
    [InlineData("staging", new[] { "infra:apiJwtSecret", "infra:dbPassword", "infra:cachePassword", "infra:resticPassword", "digitalocean:token", "cloudflare:apiToken" })]
    [InlineData("prod", new[] { "infra:apiJwtSecret", "infra:dbPassword", "infra:cachePassword", "infra:resticPassword", "digitalocean:token", "cloudflare:apiToken" })]
    public void Only_team_secrets_are_missing(string stack, string[] secretKeys)
    {
        var loaded = StackConfiguration.Load(StackFileConfig.Load(RepoFiles.Path($"Pulumi.{stack}.yaml")));

        Assert.All(loaded.Errors, e => Assert.Contains("is not set; run `pulumi config set --secret", e.Message));
        // scripts/local-up may already have set the local ones on a developer's machine.
        var missing = loaded.Errors.Select(e => e.Key).Distinct().Order().ToList();
        Assert.Subset(secretKeys.ToHashSet(), missing.ToHashSet());
        if (stack != "local")
        {
            Assert.Equal(secretKeys.Order(), missing);
        }
    }
}
