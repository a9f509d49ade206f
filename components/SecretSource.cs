using System.Collections.Immutable;
using Pulumi;

namespace Infra.Components;

/// <summary>Resolves a config key to its secret value; always a secret output.</summary>
public delegate Output<string> SecretSource(string configKey);

public static class SecretSources
{
    /// <summary>
    /// The values a pinned slot was deployed with, from its secret map (validated to hold every key
    /// its services name), so rotating the stack's secret leaves the slot as it is.
    /// </summary>
    public static SecretSource FromMap(Output<ImmutableDictionary<string, string>> values) =>
        key => values.Apply(map => map[key]);
}
