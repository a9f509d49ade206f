using System.Globalization;
using System.Text;
using Infra.Domain.Monitoring;
using Infra.Domain.Settings;
using Infra.Domain.Tls;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders haproxy.cfg. The public listener routes each service's route to the active slot, the
/// preview listener to the idle one. The file itself names the active slot (the idle slot's
/// servers carry <c>disabled</c>), so a restarted proxy keeps it.
/// </summary>
public static class HaproxyConfig
{
    /// <summary>Response header naming the slot that answered; the switch script observes a switch with it.</summary>
    public const string SlotHeader = "X-Slot";

    public static string Render(StackSettings settings, ProxyLayout? layout = null) =>
        Render(settings, settings.Release.ActiveSlot, layout);

    public static string Render(StackSettings settings, string activeSlot, ProxyLayout? layout = null)
    {
        if (!Slots.IsKnown(activeSlot))
        {
            throw new ArgumentException($"'{activeSlot}' is not a slot; use {string.Join(" or ", Slots.All)}", nameof(activeSlot));
        }

        layout ??= ProxyLayout.Docker;
        var services = RoutedService.From(settings);
        var freshness = BackupFreshness.For(settings);
        var config = new StringBuilder()
            .Append(Header(settings.StackName, activeSlot))
            .Append(Global(layout.RuntimeAddress, freshness is null ? null : BackupFreshness.ScriptPath(layout.FilesDirectory)))
            .Append(Defaults)
            .Append(PublicFrontend(settings.Proxy, OriginTlsPlan.For(settings), layout, services, freshness is not null))
            .Append(PreviewFrontend(settings.Proxy.PreviewPort, layout.BindAddress, services));
        foreach (var service in services)
        {
            config
                .Append(Backend(service.Backend, $"{service.Name} in the active slot", service, activeSlot, layout))
                .Append(Backend(service.PreviewBackend, $"{service.Name} in the idle slot", service, Slots.Other(activeSlot), layout))
                .Append(ProbeBackend(service, layout));
        }

        return config.ToString().TrimEnd('\n') + "\n";
    }

    private static string Header(string stack, string activeSlot) => $"""
        # haproxy.cfg of stack '{stack}', rendered by infra (domain/Proxy/HaproxyConfig.cs); do not edit.
        # Active slot: {activeSlot}. The idle slot's servers carry `disabled`. A switch flips the servers
        # through the runtime API (never a reload) and then replaces this file, so that a restart of
        # the proxy or the server keeps the active slot. No server-state file: this file is the record.


        """;

    private static string Global(string runtimeAddress, string? freshnessScript) => $"""
        global
            log stdout format raw local0 info
            # The runtime API the switch script flips slots through: loopback inside the proxy's own network
            # namespace, reached only by a helper container that shares it. Never published.
            stats socket ipv4@{runtimeAddress} level admin
            stats timeout 30s{(freshnessScript is null ? "" : $"""

            # Answers {BackupFreshness.Path} from the backup job's record of its last success (uptime-checked).
            lua-load {freshnessScript}
        """)}

        resolvers docker
            # Docker's embedded DNS: a slot's container is found by name, again after it is recreated.
            nameserver docker 127.0.0.11:53
            resolve_retries 3
            timeout resolve 1s
            timeout retry 1s
            hold valid 10s


        """;

    private const string Defaults = """
        defaults
            mode http
            log global
            option httplog
            option dontlognull
            option forwardfor
            # Keep-alive on both sides, HAProxy's default (http-server-close would only add a server
            # connection per request). Every request is balanced anew, so after a switch the next request
            # on an open client connection goes to the new slot while the connection stays open.
            timeout connect 5s
            timeout http-request 10s
            # Cloudflare's read timeout towards origins.
            timeout server 100s
            # An idle connection ends at the lower of these two. Longer than Cloudflare's 900 s idle
            # timeout towards origins: the client closes first, so no request races HAProxy closing it.
            timeout client 910s
            timeout http-keep-alive 910s
            # Upgraded connections (WebSockets) are tunnels and may stay quiet for long.
            timeout tunnel 1h
            # A slot's container may not exist (an empty idle slot): start anyway, the server waiting for DNS.
            default-server init-addr last,libc,none resolvers docker inter 2s fall 3 rise 2


        """;

    private static string PublicFrontend(ProxySettings proxy, OriginTlsPlan? tls, ProxyLayout layout, IReadOnlyList<RoutedService> services, bool backupFreshness)
    {
        var bindAddress = layout.BindAddress;
        var text = new StringBuilder().AppendLine("frontend public");
        if (tls is null)
        {
            text.AppendLine($"    bind {bindAddress}:{Number(proxy.HttpPort)}");
            return text.Append(BackupFreshnessService(backupFreshness)).Append(Routing(services, s => s.Backend)).AppendLine().AppendLine().ToString();
        }

        var verify = tls.VerifyOriginPull
            ? $" verify required ca-file {layout.ClientCaPath}"
            : "";
        text.AppendLine($"""
                # TLS ends here: the certificate chain and key in one PEM, made by the stack (infra:tls.source {tls.Source ?? "unset"}).
            """);
        if (tls.VerifyOriginPull)
        {
            text.AppendLine("""
                    # Authenticated Origin Pulls: only a client with a certificate from Cloudflare's origin-pull CA
                    # completes the handshake, so the origin answers Cloudflare and nobody else.
                """);
        }

        var hsts = OriginTlsPlan.HstsMaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
        text.AppendLine($$"""
                bind {{bindAddress}}:{{Number(tls.HttpsPort)}} ssl crt {{layout.CertificatePath}}{{verify}} ssl-min-ver TLSv1.2 alpn h2,http/1.1
                # Plain HTTP on loopback inside the proxy's namespace: the switch script observes the routes here.
                bind {{layout.ObserveAddress}}
                http-request set-header X-Forwarded-Proto https if { ssl_fc }
                http-response set-header Strict-Transport-Security "max-age={{hsts}}" if { ssl_fc }
            """);
        text.Append(BackupFreshnessService(backupFreshness)).Append(Routing(services, s => s.Backend)).AppendLine().AppendLine();
        var port = tls.HttpsPort == 443 ? "" : ":" + Number(tls.HttpsPort);
        return text.Append($$"""
            frontend http
                # Plain HTTP answers only with a redirect to HTTPS, same host and path.
                bind {{bindAddress}}:{{Number(proxy.HttpPort)}}
                http-request redirect code 301 location https://%[req.hdr(host),field(1,:)]{{port}}%[capture.req.uri]
            """).AppendLine().AppendLine().ToString();
    }

    /// <summary>200 while the last successful backup is recent enough, 503 otherwise: what the backup-freshness uptime check asks.</summary>
    private static string BackupFreshnessService(bool enabled) => !enabled ? "" : new StringBuilder()
        .AppendLine("    # 200 while the last successful backup is recent enough, 503 otherwise: the backup-freshness uptime check.")
        .AppendLine($"    http-request use-service lua.{BackupFreshness.ServiceName} if {{ path {BackupFreshness.Path} }}")
        .ToString();

    private static string PreviewFrontend(int previewPort, string bindAddress, IReadOnlyList<RoutedService> services)
    {
        var text = new StringBuilder()
            .AppendLine("frontend preview")
            .AppendLine("    # The idle slot, to be checked before it is promoted (the firewall admits admins only).")
            .AppendLine($"    bind {bindAddress}:{Number(previewPort)}")
            .AppendLine($"    # The switch script's health probes: {RoutedService.ProbePrefix}<slot>/<service> asks that slot's health path.");
        foreach (var service in services)
        {
            text.AppendLine($"    use_backend {service.ProbeBackend} if {{ path {string.Join(' ', Slots.All.Select(service.ProbePath))} }}");
        }

        return text.Append(Routing(services, s => s.PreviewBackend)).AppendLine().AppendLine().ToString();
    }

    /// <summary>Most specific route first (see <see cref="RoutedService.From"/>); a route for every host and path is the default.</summary>
    private static string Routing(IReadOnlyList<RoutedService> services, Func<RoutedService, string> backendOf)
    {
        var text = new StringBuilder();
        foreach (var service in services)
        {
            if (service.Host is { } host)
            {
                text.AppendLine($"    acl {service.Name}_host hdr(host),field(1,:) -i {host}");
            }

            if (!service.MatchesEveryPath)
            {
                text.AppendLine($"    acl {service.Name}_path path {service.PathPrefix}")
                    .AppendLine($"    acl {service.Name}_path path_beg {service.PathPrefix}/");
            }
        }

        string? fallback = null;
        foreach (var service in services)
        {
            var conditions = new[]
            {
                service.Host is null ? null : $"{service.Name}_host",
                service.MatchesEveryPath ? null : $"{service.Name}_path",
            }.OfType<string>().ToList();
            if (conditions.Count == 0)
            {
                fallback = backendOf(service);
                continue;
            }

            text.AppendLine($"    use_backend {backendOf(service)} if {string.Join(' ', conditions)}");
        }

        if (fallback is not null)
        {
            text.AppendLine($"    default_backend {fallback}");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Backend(string name, string purpose, RoutedService service, string enabledSlot, ProxyLayout layout)
    {
        var text = new StringBuilder()
            .AppendLine($"backend {name}")
            .AppendLine($"    # {purpose} ({enabledSlot}).")
            .AppendLine("    option httpchk")
            .AppendLine($"    http-check send meth GET uri {service.HealthPath} ver HTTP/1.1 hdr Host {service.Host ?? service.Name}")
            .AppendLine($"    http-response set-header {SlotHeader} %[srv_name]");
        foreach (var slot in Slots.All)
        {
            var disabled = slot == enabledSlot ? "" : " disabled";
            text.AppendLine($"    server {slot} {Address(service, slot, layout)} check{disabled}");
        }

        return text.AppendLine().ToString();
    }

    private static string ProbeBackend(RoutedService service, ProxyLayout layout)
    {
        var text = new StringBuilder()
            .AppendLine($"backend {service.ProbeBackend}")
            .AppendLine("    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.")
            .AppendLine("    # The switch script retries; a stopped container must answer at once, not after delayed retries here.")
            .AppendLine("    retries 0")
            .AppendLine($"    http-request set-var(txn.probe_slot) path,field({Number(RoutedService.ProbeSlotField)},/)")
            .AppendLine($"    http-request set-uri {FormatText(service.HealthPath)}");
        if (service.Host is { } host)
        {
            text.AppendLine($"    http-request set-header Host {host}");
        }

        foreach (var slot in Slots.All)
        {
            text.AppendLine($"    use-server {slot} if {{ var(txn.probe_slot) -m str {slot} }}");
        }

        text.AppendLine($"    http-response set-header {SlotHeader} %[srv_name]");
        foreach (var slot in Slots.All)
        {
            text.AppendLine($"    server {slot} {Address(service, slot, layout)}");
        }

        return text.AppendLine().ToString();
    }

    private static string Address(RoutedService service, string slot, ProxyLayout layout) =>
        layout.ServerAddress(new SlotServer(service.Name, slot, service.PortIn(slot)));

    /// <summary>HAProxy reads '%' in a rule's text argument as the start of a sample expression.</summary>
    private static string FormatText(string text) => text.Replace("%", "%%", StringComparison.Ordinal);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
