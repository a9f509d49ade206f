using Infra.Domain.Proxy;

namespace Infra.Domain.Hosting;

/// <summary>
/// The image every host-side step runs in (proxy files, slot switch, readiness probes), so that the
/// host needs nothing but Docker. It is the proxy's own image: pinned already, pulled already for the
/// proxy, and Debian-based, so it has what the helper scripts use and nothing more is assumed:
/// bash (its /dev/tcp for HTTP and HAProxy's runtime API), coreutils (timeout, date, mktemp, sync,
/// mv, cksum), grep, sed, and util-linux's flock, all in Debian's Essential set (the switch uses flock
/// when present; Docker's refusal of a second helper of the same name serialises it anyway). No curl,
/// wget or socat.
/// </summary>
public static class HelperImage
{
    public const string Reference = ProxyImage.Reference;

    /// <summary>The image runs as haproxy (uid 99); helpers that write the proxy's files run as root.</summary>
    public const string User = "0";

    public const string Shell = "bash";
}
