namespace Infra.Domain.Servers;

/// <summary>
/// How the stack and the release tool reach a droplet over SSH: as root with a key (Templates/cloud-init.yaml
/// allows nothing else), trusting the host key of a new droplet on first contact and refusing a changed one.
/// </summary>
public static class SshAccess
{
    public const string User = "root";

    /// <summary>The ssh option (<c>-o</c>) for host keys.</summary>
    public const string HostKeyOption = "StrictHostKeyChecking=accept-new";

    /// <summary><c>root@&lt;address&gt;</c>.</summary>
    public static string Destination(string address) => $"{User}@{address}";
}
