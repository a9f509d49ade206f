using System.Text.RegularExpressions;

namespace Infra.Domain.Validation;

/// <summary>A DigitalOcean region slug (fra1, nyc3): droplets and Spaces buckets use the same ones.</summary>
public static partial class DigitalOceanRegion
{
    public static bool IsValid(string region) => Slug().IsMatch(region);

    [GeneratedRegex("^[a-z]{3}[0-9]$")]
    private static partial Regex Slug();
}
