using System.Globalization;
using Infra.Domain.Monitoring;
using Infra.Domain.Settings;
using Infra.Domain.Tls;

namespace Infra.Domain.Proxy;

/// <summary>
/// Renders haproxy.cfg. The public listener routes each service's route to the active slot, the
/// preview listener to the idle one. The file itself names the active slot (the idle slot's
/// servers carry <c>disabled</c>), so a restarted proxy keeps it.
/// </summary>
/// <remarks>
/// The text is Templates/haproxy/haproxy.cfg; its optional and repeated parts are the other files
/// there, filled one by one and joined here. A part of several lines is either a block (whole lines,
/// at the start of a template line) or a list (<see cref="Lines"/>, on a template line of its own).
/// </remarks>
public static class HaproxyConfig
{
    /// <summary>Response header naming the slot that answered; the switch script observes a switch with it.</summary>
    public const string SlotHeader = "X-Slot";

    /// <summary>The backend of the ACME client's challenge listener (source <c>acme</c>).</summary>
    public const string AcmeChallengeBackend = "acme_challenge";

    /// <summary>Starts the line that names the active slot; the install reads the slot of the file on disk after it.</summary>
    public const string ActiveSlotMark = "# Active slot: ";

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
        var freshness = BackupFreshness.For(settings) is not null;
        var backends = services.SelectMany(service => new[]
        {
            Backend(service, service.Backend, "active", activeSlot, layout),
            Backend(service, service.PreviewBackend, "idle", Slots.Other(activeSlot), layout),
            ProbeBackend(service, layout),
        });
        var tls = OriginTlsPlan.For(settings);
        if (tls?.Source == CertificateSources.Acme)
        {
            backends = backends.Append(Fill("acme-challenge-backend.cfg", new()
            {
                ["backend"] = AcmeChallengeBackend,
                ["address"] = layout.AcmeChallengeAddress,
            }));
        }

        var config = Fill("haproxy.cfg", new()
        {
            ["stack"] = settings.StackName,
            ["activeSlotMark"] = ActiveSlotMark,
            ["activeSlot"] = activeSlot,
            ["runtimeAddress"] = layout.RuntimeAddress,
            ["backupFreshnessLoad"] = !freshness ? "" : Fill("backup-freshness-load.cfg", new()
            {
                ["path"] = BackupFreshness.Path,
                ["script"] = BackupFreshness.ScriptPath(layout.FilesDirectory),
            }),
            ["publicFrontend"] = PublicFrontend(settings.Proxy, tls, layout, services, freshness),
            ["bindAddress"] = layout.BindAddress,
            ["previewPort"] = Number(settings.Proxy.PreviewPort),
            ["probePrefix"] = RoutedService.ProbePrefix,
            ["probeRoutes"] = string.Concat(services.Select(service => Fill("probe-route.cfg", new()
            {
                ["backend"] = service.ProbeBackend,
                ["probePaths"] = string.Join(' ', Slots.All.Select(service.ProbePath)),
            }))),
            ["previewRoutes"] = Routes(services, service => service.PreviewBackend),
            ["backends"] = Lines(string.Join("\n", backends)),
        });
        return config.TrimEnd('\n') + "\n";
    }

    private static string PublicFrontend(ProxySettings proxy, OriginTlsPlan? tls, ProxyLayout layout, IReadOnlyList<RoutedService> services, bool backupFreshness)
    {
        var freshnessRoute = !backupFreshness ? "" : Fill("backup-freshness-route.cfg", new()
        {
            ["service"] = BackupFreshness.ServiceName,
            ["path"] = BackupFreshness.Path,
        });
        var routes = Routes(services, service => service.Backend);
        if (tls is null)
        {
            return Fill("public.cfg", new()
            {
                ["bindAddress"] = layout.BindAddress,
                ["httpPort"] = Number(proxy.HttpPort),
                ["backupFreshnessRoute"] = freshnessRoute,
                ["routes"] = routes,
            });
        }

        var httpsPortSuffix = tls.HttpsPort == 443 ? "" : ":" + Number(tls.HttpsPort);
        var acme = tls.Source == CertificateSources.Acme;
        var http = Fill(acme ? "http-redirect-acme.cfg" : "http-redirect.cfg", acme
            ? new()
            {
                ["bindAddress"] = layout.BindAddress,
                ["httpPort"] = Number(proxy.HttpPort),
                ["challengePath"] = AcmeChallenge.PathPrefix,
                ["httpsPortSuffix"] = httpsPortSuffix,
                ["backend"] = AcmeChallengeBackend,
            }
            : new()
            {
                ["bindAddress"] = layout.BindAddress,
                ["httpPort"] = Number(proxy.HttpPort),
                ["httpsPortSuffix"] = httpsPortSuffix,
            });
        return Fill("public-tls.cfg", new()
        {
            ["source"] = tls.Source ?? "unset",
            ["originPullNote"] = tls.VerifyOriginPull ? Fill("origin-pull-note.cfg", []) : "",
            ["bindAddress"] = layout.BindAddress,
            ["httpsPort"] = Number(tls.HttpsPort),
            ["certificate"] = layout.CertificatePath,
            ["originPullVerify"] = tls.VerifyOriginPull ? Lines(Fill("origin-pull-verify.cfg", new() { ["clientCa"] = layout.ClientCaPath })) : "",
            ["observeAddress"] = layout.ObserveAddress,
            ["hstsMaxAge"] = Number(OriginTlsPlan.HstsMaxAgeSeconds),
            ["backupFreshnessRoute"] = freshnessRoute,
            ["routes"] = routes,
        }) + "\n" + http;
    }

    /// <summary>Most specific route first (see <see cref="RoutedService.From"/>); a route for every host and path is the default.</summary>
    private static string Routes(IReadOnlyList<RoutedService> services, Func<RoutedService, string> backendOf)
    {
        var acls = services.Select(service =>
            (service.Host is { } host ? Fill("acl-host.cfg", new() { ["acl"] = service.HostAcl, ["host"] = host }) : "")
            + (service.MatchesEveryPath ? "" : Fill("acl-path.cfg", new() { ["acl"] = service.PathAcl, ["pathPrefix"] = service.PathPrefix })));
        var conditional = services
            .Select(service => (service, conditions: new[]
            {
                service.Host is null ? null : service.HostAcl,
                service.MatchesEveryPath ? null : service.PathAcl,
            }.OfType<string>().ToList()))
            .Where(routed => routed.conditions.Count > 0)
            .Select(routed => Fill("use-backend.cfg", new()
            {
                ["backend"] = backendOf(routed.service),
                ["conditions"] = string.Join(' ', routed.conditions),
            }));
        var fallback = services.LastOrDefault(service => service.Host is null && service.MatchesEveryPath) is { } catchAll
            ? Fill("default-backend.cfg", new() { ["backend"] = backendOf(catchAll) })
            : "";
        return Lines(string.Concat(acls) + string.Concat(conditional) + fallback);
    }

    private static string Backend(RoutedService service, string backend, string role, string enabledSlot, ProxyLayout layout) =>
        Fill("backend.cfg", new()
        {
            ["backend"] = backend,
            ["service"] = service.Name,
            ["role"] = role,
            ["slot"] = enabledSlot,
            ["healthPath"] = service.HealthPath,
            ["host"] = service.Host ?? service.Name,
            ["slotHeader"] = SlotHeader,
            ["servers"] = Lines(string.Concat(Slots.All.Select(slot =>
                Fill(slot == enabledSlot ? "server.cfg" : "server-disabled.cfg", new() { ["slot"] = slot, ["address"] = Address(service, slot, layout) })))),
        });

    private static string ProbeBackend(RoutedService service, ProxyLayout layout) =>
        Fill("probe-backend.cfg", new()
        {
            ["backend"] = service.ProbeBackend,
            ["slotField"] = Number(RoutedService.ProbeSlotField),
            ["healthPath"] = FormatText(service.HealthPath),
            ["hostHeader"] = service.Host is { } host ? Fill("probe-host.cfg", new() { ["host"] = host }) : "",
            ["slotChoices"] = Lines(string.Concat(Slots.All.Select(slot => Fill("probe-slot-choice.cfg", new() { ["slot"] = slot })))),
            ["slotHeader"] = SlotHeader,
            ["servers"] = Lines(string.Concat(Slots.All.Select(slot =>
                Fill("probe-server.cfg", new() { ["slot"] = slot, ["address"] = Address(service, slot, layout) })))),
        });

    private static string Fill(string template, Dictionary<string, string> values) => Template.Fill($"Proxy/haproxy/{template}", values);

    /// <summary>Whole lines without the last one's newline: for a placeholder on a template line of its own.</summary>
    private static string Lines(string wholeLines) => wholeLines.TrimEnd('\n');

    private static string Address(RoutedService service, string slot, ProxyLayout layout) =>
        layout.ServerAddress(new SlotServer(service.Name, slot, service.PortIn(slot)));

    /// <summary>HAProxy reads '%' in a rule's text argument as the start of a sample expression.</summary>
    private static string FormatText(string text) => text.Replace("%", "%%", StringComparison.Ordinal);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
