namespace Infra.Release.Risk;

/// <summary>What a preview would do to one resource, as the risk report names it.</summary>
public enum ChangeKind
{
    Created,
    Updated,
    Replaced,
    Deleted,
}
