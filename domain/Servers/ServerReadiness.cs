namespace Infra.Domain.Servers;

/// <summary>
/// Run over SSH before any Docker resource: waits for cloud-init, then proves Docker answers
/// and keeps its data on the data volume, not on the droplet's root disk.
/// </summary>
public static class ServerReadiness
{
    /// <summary>How long a new droplet's first boot may take before the update fails.</summary>
    public const int CloudInitSeconds = 900;

    public static readonly string Script = $$$"""
        set -eu
        timeout {{{CloudInitSeconds}}} cloud-init status --wait >/dev/null || { echo "cloud-init failed or did not finish within {{{CloudInitSeconds}}} s: see /var/log/cloud-init-output.log" >&2; exit 1; }
        mountpoint -q {{{DataVolume.MountPoint}}} || { echo "data volume is not mounted at {{{DataVolume.MountPoint}}}" >&2; exit 1; }
        root="$(docker info --format '{{.DockerRootDir}}')"
        [ "$root" = "{{{DataVolume.DockerRoot}}}" ] || { echo "Docker keeps its data in $root, not on the data volume" >&2; exit 1; }
        echo ready
        """;
}
