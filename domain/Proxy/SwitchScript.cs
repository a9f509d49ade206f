using System.Globalization;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders the bash script (Templates/switch.sh) that switches the proxy to one slot: verify the slot's
/// health, stage the new haproxy.cfg beside the old one, flip every backend through the runtime API in
/// one session, persist the staged file, observe the switch. It runs in a helper container beside the
/// proxy (<see cref="HostRun"/>); its addresses and paths have the container's defaults and can be
/// overridden by environment variables, so the same script runs in tests.
/// </summary>
public static class SwitchScript
{
    public static string FileName(string targetSlot) => $"switch-to-{targetSlot}";

    /// <summary>Where the installed script is, as the helper sees the proxy's files.</summary>
    public static string ContainerPath(string targetSlot) => $"{ProxyLayout.ContainerScriptDirectory}/{FileName(targetSlot)}";

    public static string Render(StackSettings settings, string targetSlot, ProxyLayout? layout = null)
    {
        if (!Slots.IsKnown(targetSlot))
        {
            throw new ArgumentException($"'{targetSlot}' is not a slot; use {string.Join(" or ", Slots.All)}", nameof(targetSlot));
        }

        var services = RoutedService.From(settings);
        var config = HaproxyConfig.Render(settings, targetSlot, layout);
        if (config.Split('\n').Contains(ConfigEnd))
        {
            throw new InvalidOperationException($"the rendered haproxy.cfg contains the line '{ConfigEnd}' that ends it in the script");
        }

        return Template.Fill("Proxy/switch.sh", new Dictionary<string, string>
        {
            ["stack"] = settings.StackName,
            ["target"] = targetSlot,
            ["old"] = Slots.Other(targetSlot),
            ["runtime"] = ProxyLayout.ContainerRuntimeAddress,
            ["config"] = ProxyLayout.ContainerConfig,
            ["public"] = PublicAddress(settings, layout ?? ProxyLayout.Docker),
            ["previewPort"] = Number(settings.Proxy.PreviewPort),
            ["routes"] = Lines(services.Select(s => Releases.ShellQuote.Always($"{s.Name} {s.Host ?? "-"} {s.PathPrefix} {s.HealthPath}"))),
            ["flip"] = Lines(services.SelectMany(s => FlipCommands(s, targetSlot)).Select(Releases.ShellQuote.Always)),
            ["unflip"] = Lines(services.SelectMany(s => FlipCommands(s, Slots.Other(targetSlot))).Select(Releases.ShellQuote.Always)),
            ["probePrefix"] = RoutedService.ProbePrefix,
            ["httpTools"] = HttpTools.Script,
            ["recordName"] = ProxyLayout.SwitchRecordFileName,
            ["haproxy.cfg"] = config.TrimEnd('\n'),
        });
    }

    /// <summary>
    /// The host command that runs the installed switch script in a helper container sharing the proxy's
    /// network namespace (its runtime API and listeners on 127.0.0.1) with the proxy's files mounted.
    /// </summary>
    /// <param name="helperImage">The helper image; <see cref="HelperImage.Reference"/> unless a test brings a stand-in.</param>
    public static string HostRun(StackSettings settings, string targetSlot, string helperImage = HelperImage.Reference)
    {
        var names = DockerNames.For(settings);
        var run = new HelperRun
        {
            Image = helperImage,
            Name = names.Container("proxy-switch"),
            Network = $"container:{names.Proxy}",
            Mounts = [(ProxyInstall.FilesSource(settings), ProxyLayout.ContainerConfigDirectory)],
            Script = $"exec bash {ContainerPath(targetSlot)}\n",
        };
        return run.HostCommand();
    }

    /// <summary>Per backend the new server takes requests before the old one stops taking them, so none finds no server.</summary>
    private static IEnumerable<string> FlipCommands(RoutedService service, string target)
    {
        var old = Slots.Other(target);
        yield return $"set server {service.Backend}/{target} state ready";
        yield return $"set server {service.Backend}/{old} state maint";
        yield return $"set server {service.PreviewBackend}/{old} state ready";
        yield return $"set server {service.PreviewBackend}/{target} state maint";
    }

    /// <summary>Where the script asks the public routes: the public port, or with HTTPS on, the plain loopback listener of the same routes.</summary>
    public static string PublicAddress(StackSettings settings, ProxyLayout layout) =>
        Tls.OriginTlsPlan.For(settings) is null ? $"127.0.0.1:{Number(settings.Proxy.HttpPort)}" : layout.ObserveAddress;

    private const string ConfigEnd = "HAPROXY_CFG";

    private static string Lines(IEnumerable<string> words) => string.Join("\n", words.Select(w => "  " + w));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
