namespace Infra.Domain.Proxy;

/// <summary>The proxy container's image: the official HAProxy image of the 2.6 LTS line, pinned by digest.</summary>
public static class ProxyImage
{
    /// <summary>
    /// The multi-platform index of <c>haproxy:2.6.34</c> (Debian trixie based, runs as uid 99).
    /// Digest read from docker-library/repo-info, repos/haproxy/remote/2.6.34.md at commit
    /// 0ed0a0ed36758e850c095b6380c2517baff81896 (its linux/amd64 manifest is
    /// sha256:70e5dcc1bf41ff3c6951583a7a0f41079036cd1cc53b12c414e080dbeddf4fd9).
    /// The tests run Debian's haproxy 2.6: from apt, and as a local stand-in of this image
    /// (tests/images/haproxy). The image is also the helper image of every host-side step (HelperImage).
    /// </summary>
    public const string Reference = "haproxy:2.6.34@sha256:82c023b4f99e2090b14dbe7f04b0590b4e0af608f7c29cedcabf25c34fb066cd";
}
