using Infra.Domain.Settings;

namespace Infra.Domain.Hosting;

/// <summary>
/// The one naming rule for what a stack creates on a Docker engine, so that two stacks on one
/// engine never collide: every container and volume is <c>&lt;stack&gt;-&lt;name&gt;</c>, the
/// private network <c>infra-&lt;stack&gt;</c>. Inside that network containers keep their short
/// names as network aliases (<c>api-blue</c>, <c>db</c>, <c>proxy</c>): haproxy.cfg, the probes and
/// the services' own settings (e.g. a database URL) use those, and they are the same in every stack.
/// Two stacks collide only if one's name is the other's plus '-' and the start of a short name (e.g.
/// stacks "prod" and "prod-api" with an accessory "blue"): keep such pairs off one engine.
/// </summary>
public sealed record DockerNames(string Stack)
{
    public static DockerNames For(StackSettings settings) => new(settings.StackName);

    /// <summary>What every container and volume name of the stack starts with.</summary>
    public string Prefix => $"{Stack}-";

    public string Network => $"infra-{Stack}";

    /// <param name="alias">The container's short name, its network alias inside the stack.</param>
    public string Container(string alias) => Prefix + alias;

    public string Volume(string name) => Prefix + name;

    /// <summary>The proxy container; its alias inside the network is <see cref="ProxyAlias"/>.</summary>
    public string Proxy => Container(ProxyAlias);

    public const string ProxyAlias = "proxy";

    /// <summary>The named volume that holds the proxy's files on an engine without a host folder for them.</summary>
    public string ProxyFilesVolume => Volume("proxy-files");
}
