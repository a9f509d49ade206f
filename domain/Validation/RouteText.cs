using System.Text.RegularExpressions;

namespace Infra.Domain.Validation;

/// <summary>
/// What route hosts and paths may contain. They are written into haproxy.cfg and the switch script,
/// so anything else (spaces, quotes, '#') would change what those files mean.
/// </summary>
public static partial class RouteText
{
    public static bool IsPath(string path) => Path().IsMatch(path);

    public static bool IsHost(string host) => Host().IsMatch(host);

    [GeneratedRegex("^/[A-Za-z0-9._~/-]*$")]
    private static partial Regex Path();

    [GeneratedRegex("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex Host();
}
