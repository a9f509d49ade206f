using Infra.Domain.Settings;

namespace Infra.Domain.Servers;

/// <summary>
/// The stack's folder on its host (<c>infra:server.hostRoot</c>) and what is where in it: on a droplet
/// the proxy's files; on the local engine the wrappers that run the backup scripts in their helper
/// container (the proxy's files are in a named volume there, see <see cref="Proxy.ProxyInstall.FilesSource"/>).
/// </summary>
public sealed record HostLayout(string Root)
{
    /// <summary>A droplet's default.</summary>
    public const string DropletRoot = "/srv/infra";

    public static HostLayout For(StackSettings settings) => For(settings.Server, settings.StackName);

    public static HostLayout For(ServerSettings server, string stackName) =>
        new(server.HostRoot ?? (server.IsDigitalOcean ? DropletRoot : $"/tmp/infra-{stackName}"));

    /// <summary>A droplet's folder for the proxy's files, mounted into the proxy and its helpers.</summary>
    /// <remarks>
    /// The folder is mounted, not the file: the switch script replaces haproxy.cfg by rename, and a
    /// single-file bind mount would keep showing the container the old file.
    /// </remarks>
    public string ProxyFiles => $"{Root}/proxy";

    /// <summary>The local stack's wrappers of the backup scripts, which run only docker (see <see cref="Hosting.BackupTools"/>).</summary>
    public string Wrappers => $"{Root}/bin";
}
