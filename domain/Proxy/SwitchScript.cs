using System.Globalization;
using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders the bash script that switches the proxy to one slot: verify the slot's health, flip every
/// backend through the runtime socket in one session, persist haproxy.cfg, observe the switch. It runs
/// on the host; its paths and listeners have the server's defaults and can be overridden by
/// environment variables, so the same script runs in tests.
/// </summary>
public static class SwitchScript
{
    public static string FileName(string targetSlot) => $"switch-to-{targetSlot}";

    /// <param name="host">Where the proxy's files are on the host; the server's folder when null.</param>
    public static string Render(StackSettings settings, string targetSlot, ProxyLayout? layout = null, ProxyInstall.HostLayout? host = null)
    {
        host ??= new ProxyInstall.HostLayout(ProxyPaths.HostRoot);
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

        return Template
            .Replace("{{stack}}", settings.StackName, StringComparison.Ordinal)
            .Replace("{{target}}", targetSlot, StringComparison.Ordinal)
            .Replace("{{old}}", Slots.Other(targetSlot), StringComparison.Ordinal)
            .Replace("{{socket}}", host.Socket, StringComparison.Ordinal)
            .Replace("{{config}}", host.Config, StringComparison.Ordinal)
            .Replace("{{http}}", Number(settings.Proxy.HttpPort), StringComparison.Ordinal)
            .Replace("{{preview}}", Number(settings.Proxy.PreviewPort), StringComparison.Ordinal)
            .Replace("{{routes}}", Lines(services.Select(s => ShellQuote.Always($"{s.Name} {s.Host ?? "-"} {s.PathPrefix} {s.HealthPath}"))), StringComparison.Ordinal)
            .Replace("{{flip}}", Lines(services.SelectMany(s => FlipCommands(s, targetSlot)).Select(ShellQuote.Always)), StringComparison.Ordinal)
            .Replace("{{haproxy.cfg}}", config.TrimEnd('\n'), StringComparison.Ordinal);
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

    private const string ConfigEnd = "HAPROXY_CFG";

    private static string Lines(IEnumerable<string> words) => string.Join("\n", words.Select(w => "  " + w));


    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private const string Template = """
        #!/usr/bin/env bash
        # Switches stack '{{stack}}' to the {{target}} slot without failing a request. Rendered by infra
        # (domain/Proxy/SwitchScript.cs) for this target; do not edit.
        #
        #   1. verify   every routed service answers its health path in {{target}}, asked through the preview
        #               listener; otherwise nothing changes and the unhealthy services are named
        #   2. flip     one runtime-socket session: per backend {{target}} ready, then {{old}} maint. No reload: client
        #               connections stay open, and requests in flight on {{old}} complete there
        #   3. persist  haproxy.cfg is replaced (temp file + rename) by the configuration rendered for {{target}},
        #               so a restart of the proxy or the server keeps {{target}}
        #   4. observe  every route, asked through the public listener, is answered by {{target}} only
        #
        # Switching to the slot that is already active changes nothing, and still verifies and observes.
        # Runs on the host and needs bash, curl, socat and flock. Settings, with the server's defaults:
        #   HAPROXY_SOCKET   runtime socket            {{socket}}
        #   HAPROXY_CONFIG   haproxy.cfg to replace    {{config}}
        #   PROXY_PUBLIC     public listener           127.0.0.1:{{http}}
        #   PROXY_PREVIEW    preview listener          127.0.0.1:{{preview}}
        #   VERIFY_SECONDS   deadline of step 1        60
        #   OBSERVE_SECONDS  deadline of step 4        10
        # Exit status: 0 switched, 2 not healthy (nothing changed), 3 flip refused, 4 not observed, 1 other.
        set -euo pipefail

        target={{target}}
        old={{old}}
        socket="${HAPROXY_SOCKET:-{{socket}}}"
        config="${HAPROXY_CONFIG:-{{config}}}"
        public="${PROXY_PUBLIC:-127.0.0.1:{{http}}}"
        preview="${PROXY_PREVIEW:-127.0.0.1:{{preview}}}"
        verify_seconds="${VERIFY_SECONDS:-60}"
        observe_seconds="${OBSERVE_SECONDS:-10}"

        # Every routed service: name, host ("-" for any), the path prefix its route matches, health path.
        routes=(
        {{routes}}
        )

        # Step 2's session, in this order.
        flip=(
        {{flip}}
        )

        say() { printf 'switch-to-%s: %s\n' "$target" "$*"; }
        fail() { local status=$1; shift; printf 'switch-to-%s: %s\n' "$target" "$*" >&2; exit "$status"; }
        now_ms() { date +%s%3N; }

        # Sends commands, one per line, to the runtime API in one session; prints the answers.
        runtime() { { echo prompt; printf '%s\n' "$@"; echo quit; } | socat -t 5 - "UNIX-CONNECT:$socket"; }

        # GET <path> from <listener> with Host <host> ("-" for none). Prints "<status> <slot>": the HTTP
        # status (000 when nothing answered) and the X-Slot header (empty when the proxy answered itself).
        ask() {
          local listener=$1 host=$2 path=$3 header=()
          [ "$host" = - ] || header=(-H "Host: $host")
          curl -s -o /dev/null --max-time 2 "${header[@]}" -w '%{http_code} %header{x-slot}' "http://$listener$path" || true
        }

        # Prints "ready" when <service> can take traffic in the target slot, otherwise why it cannot.
        readiness() {
          local service=$1 health=$2 admin status slot
          admin="$(runtime "show servers state $service" | awk -v slot="$target" '$4 == slot { print $7 }')"
          if ! [[ $admin =~ ^[0-9]+$ ]]; then
            echo "the running proxy has no server $service/$target (start it with the current haproxy.cfg)"
          elif (( admin & 32 )); then
            echo "the proxy has not resolved the address of $service-$target (is the container running?)"
          else
            read -r status slot <<<"$(ask "$preview" - "/.infra/probe/$target/$service")"
            if [ "$slot" = "$target" ] && (( status >= 200 && status < 400 )); then
              echo ready
            elif [ "$slot" = "$target" ]; then
              echo "GET $health answered $status"
            elif [ -n "$slot" ]; then
              echo "the probe was answered by $slot, not $target (is $service-$target running?)"
            elif [ "$status" = 000 ]; then
              echo "no answer from the preview listener $preview within 2 s"
            else
              echo "the proxy answered $status itself (is $service-$target running?)"
            fi
          fi
        }

        exec 9>>"$config.lock"
        flock -n 9 || fail 1 "another switch holds $config.lock"

        runtime "show info" >/dev/null || fail 1 "cannot reach the proxy's runtime socket $socket"

        say "1/4 verify: ${#routes[@]} service(s) in $target, through the preview listener $preview"
        deadline=$((SECONDS + verify_seconds))
        while :; do
          problems=()
          for route in "${routes[@]}"; do
            read -r service _ _ health <<<"$route"
            verdict="$(readiness "$service" "$health")"
            [ "$verdict" = ready ] || problems+=("$service: ${verdict:-no verdict}")
          done
          [ ${#problems[@]} -gt 0 ] || break
          if (( SECONDS >= deadline )); then
            printf '  %s\n' "${problems[@]}" >&2
            fail 2 "not switching to $target: ${#problems[@]} service(s) not healthy after ${verify_seconds}s; nothing changed"
          fi
          sleep 1
        done

        say "2/4 flip: ${#flip[@]} server states, one runtime session"
        flipped_at=$(now_ms)
        answer="$(runtime "${flip[@]}")" || fail 3 "cannot reach the runtime socket $socket"
        refused="$(grep '[[:alnum:]]' <<<"$answer" || true)"
        [ -z "$refused" ] || fail 3 "the proxy refused part of the flip: $refused; run this script again to finish it"

        say "3/4 persist: $config names $target as the active slot"
        tmp="$(mktemp "$config.XXXXXX")"
        trap 'rm -f "$tmp"' EXIT
        cat >"$tmp" <<'HAPROXY_CFG'
        {{haproxy.cfg}}
        HAPROXY_CFG
        if cmp -s "$tmp" "$config"; then
          rm -f "$tmp"
        else
          chmod 0644 "$tmp"
          sync "$tmp"
          mv -f "$tmp" "$config"
          sync "$(dirname "$config")"
        fi

        say "4/4 observe: every route through the public listener $public answers from $target"
        deadline=$((SECONDS + observe_seconds))
        for route in "${routes[@]}"; do
          read -r service host prefix _ <<<"$route"
          streak=0
          while (( streak < 3 )); do
            read -r status slot <<<"$(ask "$public" "$host" "$prefix")"
            if [ "$slot" = "$target" ]; then
              streak=$((streak + 1))
            elif (( SECONDS >= deadline )); then
              fail 4 "$service's route ${host#-}$prefix still answers from '${slot:-the proxy itself}' (status $status) ${observe_seconds}s after the flip"
            else
              streak=0
              sleep 0.1
            fi
          done
        done
        say "switched to $target: observed $(( $(now_ms) - flipped_at )) ms after the flip"
        """;
}
