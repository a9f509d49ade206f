namespace Infra.Domain.Servers;

/// <summary>
/// The droplet's first-boot configuration: Docker from Debian's packages, no SSH passwords,
/// and the data volume mounted before Docker starts so images, containers and volumes live on it.
/// </summary>
public static class CloudInit
{
    public static string Render(string volumeName) =>
        Template
            .Replace("{{device}}", DataVolume.DevicePath(volumeName), StringComparison.Ordinal)
            .Replace("{{mount}}", DataVolume.MountPoint, StringComparison.Ordinal)
            .Replace("{{dockerRoot}}", DataVolume.DockerRoot, StringComparison.Ordinal);

    private const string Template = """
        #cloud-config
        package_update: true
        packages:
          - docker.io
          - restic
        ssh_pwauth: false
        write_files:
          - path: /etc/ssh/sshd_config.d/10-no-passwords.conf
            permissions: "0644"
            content: |
              PasswordAuthentication no
              KbdInteractiveAuthentication no
              PermitRootLogin prohibit-password
          - path: /etc/docker/daemon.json
            permissions: "0644"
            content: |
              {
                "data-root": "{{dockerRoot}}",
                "log-driver": "json-file",
                "log-opts": { "max-size": "10m", "max-file": "5" },
                "live-restore": true
              }
        bootcmd:
          - [ sh, -c, "for i in $(seq 1 120); do [ -e {{device}} ] && break; sleep 1; done" ]
        mounts:
          - [ "{{device}}", "{{mount}}", "ext4", "defaults,nofail,discard,noatime", "0", "2" ]
        runcmd:
          - [ sh, -c, "mountpoint -q {{mount}} || mount {{mount}}" ]
          - [ sh, -c, "mountpoint -q {{mount}} || { echo 'data volume not mounted; refusing to start Docker on the root disk' >&2; exit 1; }" ]
          - [ mkdir, -p, "{{dockerRoot}}" ]
          - [ systemctl, restart, ssh ]
          - [ systemctl, enable, --now, docker ]
        """;
}
