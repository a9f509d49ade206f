using Pulumi;

namespace Infra.Stacks.Tests.Support;

/// <summary>A resource as registered, with the options it was given (mocks don't see options).</summary>
public sealed record RecordedResource(
    Resource Resource,
    ResourceArgs Args,
    string Type,
    string Name,
    string? Parent,
    bool Protect,
    bool RetainOnDelete,
    IReadOnlyList<string> DependsOn,
    string? Provider,
    IReadOnlyList<string> IgnoreChanges,
    IReadOnlyList<string> Aliases)
{
    public bool IsComponent => Resource is ComponentResource;

    /// <summary>One reviewed-snapshot line: type, name, parent and options. Never the URN (mocks drop component layers).</summary>
    public string SnapshotLine() =>
        $"{Type} {Name} parent={Parent ?? "-"}"
        + (Protect ? " protect" : "")
        + (RetainOnDelete ? " retainOnDelete" : "")
        + (DependsOn.Count > 0 ? $" dependsOn=[{string.Join(",", DependsOn)}]" : "")
        + (Provider is null ? "" : $" provider={Provider}")
        + (IgnoreChanges.Count > 0 ? $" ignoreChanges=[{string.Join(",", IgnoreChanges)}]" : "")
        + (Aliases.Count > 0 ? $" aliases=[{string.Join(",", Aliases)}]" : "");
}
