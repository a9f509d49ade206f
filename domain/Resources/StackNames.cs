namespace Infra.Domain.Resources;

/// <summary>
/// What a stack's resources are called where several stacks share one namespace: the cloud account
/// (droplet, VPC, firewall, tag, data volume, Spaces key) and the Docker engine (the stack's network).
/// </summary>
public sealed record StackNames(string Stack)
{
    /// <summary><c>infra-&lt;stack&gt;</c>.</summary>
    public string Own => $"infra-{Stack}";

    public string DataVolume => $"{Own}-data";

    public string BackupKey => $"{Own}-backups";
}
