using Infra.Domain.Servers;

namespace Infra.Domain.Tests.Servers;

public class ServerReadinessTests
{
    [Fact]
    public void Checks_cloud_init_within_a_deadline_the_data_volume_and_dockers_data_root()
    {
        Assert.Equal(
            """
            set -eu
            timeout 900 cloud-init status --wait >/dev/null || { echo "cloud-init failed or did not finish within 900 s: see /var/log/cloud-init-output.log" >&2; exit 1; }
            mountpoint -q /mnt/data || { echo "data volume is not mounted at /mnt/data" >&2; exit 1; }
            root="$(docker info --format '{{.DockerRootDir}}')"
            [ "$root" = "/mnt/data/docker" ] || { echo "Docker keeps its data in $root, not on the data volume" >&2; exit 1; }
            echo ready
            """,
            ServerReadiness.Script);
    }
}
