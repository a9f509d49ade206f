using Infra.Domain.Settings;

namespace Infra.Domain.Hosting;

/// <summary>
/// The one naming rule for what a stack creates on a Docker engine, so that two stacks on one
/// engine never collide: every container and volume is <c>&lt;stack&gt;_&lt;name&gt;</c>, the
/// private network <c>infra-&lt;stack&gt;</c>. The <see cref="Separator"/> is a character no
/// service, accessory, volume or task name may hold (<c>NamingRule</c>) and no stack name may hold
/// (<c>NamingRule.CheckStackName</c>), so a Docker name splits back into its stack and its name in
/// exactly one way: stack "prod" with service "api-x" and stack "prod-api" with "x" give
/// <c>prod_api-x</c> and <c>prod-api_x</c>. Inside that network containers keep their short names
/// as network aliases (<c>api-blue</c>, <c>db</c>, <c>proxy</c>): haproxy.cfg, the probes and the
/// services' own settings (e.g. a database URL) use those, and they are the same in every stack.
/// </summary>
public sealed record DockerNames(string Stack)
{
    public static DockerNames For(StackSettings settings) => new(settings.StackName);

    /// <summary>Between the stack's name and a container's or volume's own name; in neither of them.</summary>
    public const char Separator = '_';

    /// <summary>What every container and volume name of the stack starts with.</summary>
    public string Prefix => $"{Stack}{Separator}";

    public string Network => new Resources.StackNames(Stack).Own;

    /// <param name="alias">The container's short name, its network alias inside the stack.</param>
    public string Container(string alias) => Prefix + alias;

    public string Volume(string name) => Prefix + name;

    /// <summary>The proxy container; its alias inside the network is <see cref="ProxyAlias"/>.</summary>
    public string Proxy => Container(ProxyAlias);

    public const string ProxyAlias = "proxy";

    /// <summary>The named volume that holds the proxy's files on an engine without a host folder for them.</summary>
    public string ProxyFilesVolume => Volume("proxy-files");
}
