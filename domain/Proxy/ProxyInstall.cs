using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders the script that puts the proxy's files on the host: both switch scripts, both variants
/// of haproxy.cfg, and haproxy.cfg itself, which keeps the slot the file on disk names (only a
/// switch script moves traffic). It does not depend on the active slot, so a promotion leaves it alone. When routes change, the running proxy reloads (route changes are rare; slot switches
/// never reload).
/// </summary>
public static class ProxyInstall
{
    public sealed record HostLayout(string Root)
    {
        public string ConfigDirectory => $"{Root}/proxy";
        public string Config => $"{ConfigDirectory}/{ProxyPaths.ConfigFileName}";
        public string SocketDirectory => $"{Root}/proxy-socket";
        public string Socket => $"{SocketDirectory}/{ProxyPaths.SocketFileName}";
        public string ScriptDirectory => $"{Root}/bin";
        public string RenderedDirectory => $"{Root}/proxy-rendered";

        public string SwitchScript(string slot) => $"{ScriptDirectory}/{Proxy.SwitchScript.FileName(slot)}";

        /// <summary>Variables that point the switch script at this layout instead of the server defaults.</summary>
        public string Environment => $"HAPROXY_SOCKET={ShellQuote.Word(Socket)} HAPROXY_CONFIG={ShellQuote.Word(Config)}";
    }

    public static string Render(StackSettings settings, HostLayout layout, string proxyContainer)
    {
        var files = Slots.All.SelectMany(slot => new[]
        {
            (Path: layout.SwitchScript(slot), Mode: "0755", Content: SwitchScript.Render(settings, slot, host: layout)),
            (Path: $"{layout.RenderedDirectory}/haproxy.{slot}.cfg", Mode: "0644", Content: HaproxyConfig.Render(settings, slot)),
        });
        var writes = string.Join("\n", files.Select(f => HostFile.Write(f.Path, f.Mode, f.Content)));
        return Template
            .Replace("{{dirs}}", ShellQuote.Join([layout.ConfigDirectory, layout.ScriptDirectory, layout.RenderedDirectory]), StringComparison.Ordinal)
            .Replace("{{socketDir}}", ShellQuote.Word(layout.SocketDirectory), StringComparison.Ordinal)
            .Replace("{{uid}}", ProxyImage.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{writes}}", writes, StringComparison.Ordinal)
            .Replace("{{config}}", ShellQuote.Word(layout.Config), StringComparison.Ordinal)
            .Replace("{{rendered}}", ShellQuote.Word(layout.RenderedDirectory), StringComparison.Ordinal)
            .Replace("{{first}}", Slots.Blue, StringComparison.Ordinal)
            .Replace("{{container}}", ShellQuote.Word(proxyContainer), StringComparison.Ordinal);
    }


    private const string Template = """
        #!/usr/bin/env bash
        # Installs the proxy's files on the host. Rendered by infra (domain/Proxy/ProxyInstall.cs); do not edit.
        set -euo pipefail

        mkdir -p {{dirs}}
        mkdir -p {{socketDir}}
        # The official image runs HAProxy as uid {{uid}}; it creates its runtime socket here.
        chown {{uid}} {{socketDir}}

        {{writes}}

        config={{config}}
        # The file on disk names the active slot; only a switch script changes it. A first install starts
        # on {{first}}; the switch step that follows moves traffic to the configured slot once it is healthy.
        slot=""
        if [ -f "$config" ]; then
          slot="$(sed -n 's/^# Active slot: \(blue\|green\)\..*/\1/p' "$config" | head -n 1)"
        fi
        slot="${slot:-{{first}}}"
        if cmp -s {{rendered}}/haproxy."$slot".cfg "$config"; then
          echo "proxy: haproxy.cfg unchanged (active slot $slot)"
          exit 0
        fi
        cp {{rendered}}/haproxy."$slot".cfg "$config.new"
        mv -f "$config.new" "$config"
        if [ "$(docker inspect -f '{{.State.Running}}' {{container}} 2>/dev/null || true)" = true ]; then
          # Routes changed: the master process reloads its workers with the new file.
          docker kill -s USR2 {{container}} >/dev/null
          echo "proxy: routes changed, reloaded (active slot $slot)"
        else
          echo "proxy: haproxy.cfg installed (active slot $slot)"
        fi
        """;
}
