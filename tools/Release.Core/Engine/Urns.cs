namespace Infra.Release.Engine;

/// <summary>Reads Pulumi URNs: urn:pulumi:stack::project::parentType$type::name.</summary>
public static class Urns
{
    public static string Name(string urn)
    {
        var at = urn.LastIndexOf("::", StringComparison.Ordinal);
        return at < 0 ? urn : urn[(at + 2)..];
    }

    /// <summary>The type of the resource itself, without its parents' types.</summary>
    public static string Type(string urn)
    {
        var parts = urn.Split("::");
        if (parts.Length < 4)
        {
            return "";
        }

        var chain = parts[2];
        var dollar = chain.LastIndexOf('$');
        return dollar < 0 ? chain : chain[(dollar + 1)..];
    }
}
