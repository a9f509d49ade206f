using System.Globalization;
using Infra.Domain.Hosting;
using Infra.Domain.Monitoring;
using Infra.Domain.Releases;
using Infra.Domain.Servers;
using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders the step that puts the proxy's files in place (Templates/install.sh): both switch scripts,
/// both variants of haproxy.cfg, and haproxy.cfg itself, which keeps the slot the file on disk names
/// (only a switch script moves traffic). It does not depend on the active slot, so a promotion leaves
/// it alone. When routes change, the running proxy reloads (route changes are rare; slot switches never
/// reload). The script runs in a helper container, so the host needs nothing but Docker.
/// </summary>
public static class ProxyInstall
{
    /// <summary>The install script's exit status when haproxy.cfg changed under a proxy that must reload it.</summary>
    public const int ReloadStatus = 10;

    /// <summary>
    /// What holds the proxy's files, as a <c>docker run --volume</c> source: on a droplet its host folder
    /// (where an operator puts certs/origin.pem); on the local engine a named volume of the stack, which
    /// needs no folder shared with the host (Docker Desktop on macOS) and no host tool to write.
    /// </summary>
    public static string FilesSource(StackSettings settings) =>
        settings.Server.IsDigitalOcean
            ? HostLayout.For(settings).ProxyFiles
            : DockerNames.For(settings).ProxyFilesVolume;

    /// <summary>The script the helper runs; <paramref name="layout"/> is for tests that run HAProxy outside Docker.</summary>
    public static string Script(StackSettings settings, ProxyLayout? layout = null)
    {
        var files = Slots.All.SelectMany(slot => new[]
        {
            (Path: $"{ProxyLayout.ScriptFolder}/{SwitchScript.FileName(slot)}", Mode: "0755", Content: SwitchScript.Render(settings, slot, layout)),
            (Path: $"{ProxyLayout.RenderedFolder}/{ProxyLayout.RenderedConfigFileName(slot)}", Mode: "0644", Content: HaproxyConfig.Render(settings, slot, layout)),
        }).ToList();
        if (BackupFreshness.For(settings) is { } freshness)
        {
            // Before haproxy.cfg, which loads it.
            files.Add((Path: $"{ProxyLayout.RenderedFolder}/{BackupFreshness.ScriptFileName}", Mode: "0644", Content: freshness.Script()));
        }

        if (Tls.OriginTlsPlan.For(settings) is { VerifyOriginPull: true })
        {
            files.Add((Path: ProxyLayout.ClientCaFileName, Mode: "0644", Content: Tls.OriginPullCa.Pem));
        }

        return Template.Fill("Proxy/install.sh", new Dictionary<string, string>
        {
            ["dir"] = ProxyLayout.ContainerConfigDirectory,
            ["bin"] = ProxyLayout.ScriptFolder,
            ["rendered"] = ProxyLayout.RenderedFolder,
            ["renderedConfig"] = ProxyLayout.RenderedConfigFileName("$slot"),
            ["config"] = ProxyLayout.ConfigFileName,
            ["first"] = Slots.Blue,
            ["activeSlotMark"] = HaproxyConfig.ActiveSlotMark,
            ["slots"] = string.Join("\\|", Slots.All),
            ["reload"] = ReloadStatus.ToString(CultureInfo.InvariantCulture),
            ["writes"] = string.Join("\n", files.Select(f => Write(f.Path, f.Mode, f.Content))),
        });
    }

    /// <summary>
    /// The host command: the install in a helper with the proxy's files mounted; then, if routes changed
    /// under a running proxy, a master-worker reload (SIGUSR2 to the proxy container).
    /// </summary>
    /// <param name="helperImage">The helper image; <see cref="HelperImage.Reference"/> unless a test brings a stand-in.</param>
    public static string HostRun(StackSettings settings, string helperImage = HelperImage.Reference)
    {
        var names = DockerNames.For(settings);
        var run = new HelperRun
        {
            Image = helperImage,
            Name = names.Container("proxy-files"),
            Mounts = [(FilesSource(settings), ProxyLayout.ContainerConfigDirectory)],
            Script = Script(settings),
        };
        return ThenReload(run, names);
    }

    /// <summary>
    /// Runs <paramref name="run"/>; when it exits with <see cref="ReloadStatus"/> and the proxy runs, a
    /// master-worker reload (SIGUSR2 to the proxy container) makes HAProxy read its files again.
    /// </summary>
    public static string ThenReload(HelperRun run, DockerNames names) => Template.Fill("Proxy/then-reload.sh", new Dictionary<string, string>
    {
        ["run"] = run.Render(then: "|| status=$?"),
        ["reloadStatus"] = ReloadStatus.ToString(CultureInfo.InvariantCulture),
        ["proxy"] = ShellQuote.Word(names.Proxy),
    });

    private static string Write(string path, string mode, string content) => Template.Fill("Proxy/install-write.sh", new Dictionary<string, string>
    {
        ["path"] = ShellQuote.Word(path),
        ["mode"] = mode,
        ["end"] = HostFile.End,
        ["content"] = HostFile.HereDocument(path, content),
    }).TrimEnd('\n');
}
