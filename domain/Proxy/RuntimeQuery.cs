using System.Globalization;
using Infra.Domain.Hosting;
using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>
/// One read-only command to the proxy's runtime API (Templates/runtime-query.sh), asked from a helper
/// container that shares the proxy's network namespace, as the switch is; nothing is published.
/// </summary>
public sealed record RuntimeQuery(string Command)
{
    /// <summary>Every backend's servers with their operational and administrative state.</summary>
    public static RuntimeQuery ServersState { get; } = new("show servers state");

    public const int AnswerMilliseconds = 5000;

    public string Script() => Template.Fill("Proxy/runtime-query.sh", new Dictionary<string, string>
    {
        ["httpTools"] = HttpTools.Script,
        ["runtime"] = ProxyLayout.ContainerRuntimeAddress,
        ["milliseconds"] = AnswerMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["commands"] = ShellQuote.Always(Command),
    });

    /// <param name="run">Makes the helper's name unique, so two status runs never collide.</param>
    public IReadOnlyList<string> HostCommand(StackSettings settings, string run, string helperImage = HelperImage.Reference)
    {
        var names = DockerNames.For(settings);
        var helper = new HelperRun { Name = names.Container($"proxy-query-{run}"), Network = $"container:{names.Proxy}", Script = Script(), Image = helperImage };
        return ["sh", "-c", helper.Render()];
    }
}
