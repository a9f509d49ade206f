using System.Globalization;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Releases;
using Infra.Domain.Rendering;
using Infra.Domain.Settings;

namespace Infra.Domain.Tls;

/// <summary>
/// An ACME certificate (source <c>acme</c>, droplets only) is issued and renewed on the server: the
/// script Templates/acme-renew.sh (installed as <see cref="ScriptPath"/>) runs the ACME client only
/// when a certificate is due, installs it for HAProxy and reloads it. `pulumi up` installs the script
/// and its systemd timer (twice a day, as Let's Encrypt advises) and runs it once; the first update of
/// each check period (<see cref="CheckPeriodDays"/>) runs it again.
/// </summary>
public static class AcmeRenewal
{
    public const string ScriptPath = "/usr/local/sbin/infra-tls-renew";

    public const string ServiceName = "infra-tls-renew.service";

    public const string TimerName = "infra-tls-renew.timer";

    public const string UnitFolder = "/etc/systemd/system";

    /// <summary>How often an update re-runs the renewal, besides the timer: half the renewal margin, so that updates alone renew in time too.</summary>
    public static int CheckPeriodDays(TlsSettings tls) => Math.Max(1, tls.RenewDaysBefore / 2);

    /// <summary>The renewal script; <paramref name="layout"/> is for tests that bring stand-ins and a test CA.</summary>
    public static string Script(StackSettings settings, AcmeLayout? layout = null)
    {
        layout ??= AcmeLayout.Server;
        var tls = settings.Tls ?? new TlsSettings();
        return Template.Fill("Tls/acme-renew.sh", new Dictionary<string, string>
        {
            ["stack"] = settings.StackName,
            ["renewDays"] = tls.RenewDaysBefore.ToString(CultureInfo.InvariantCulture),
            ["timer"] = TimerName,
            ["clientImage"] = layout.ClientImage,
            ["due"] = TlsScript.AcmeDue(settings, layout.HelperImage).Render(then: "|| status=$?").TrimEnd('\n'),
            ["dueStatus"] = TlsScript.AcmeDueStatus.ToString(CultureInfo.InvariantCulture),
            ["issuedStatus"] = TlsScript.AcmeIssuedStatus.ToString(CultureInfo.InvariantCulture),
            ["client"] = AcmeClient.Run(settings, layout),
            ["install"] = ProxyInstall.ThenReload(TlsScript.AcmeInstall(settings, layout.HelperImage), DockerNames.For(settings)).TrimEnd('\n'),
        });
    }

    public static string Service(StackSettings settings, string script = ScriptPath) => Template.Fill("Tls/infra-tls-renew.service", new Dictionary<string, string>
    {
        ["stack"] = settings.StackName,
        ["script"] = script,
    });

    public static string Timer(StackSettings settings) => Template.Fill("Tls/infra-tls-renew.timer", new Dictionary<string, string>
    {
        ["stack"] = settings.StackName,
        ["renewDays"] = (settings.Tls ?? new TlsSettings()).RenewDaysBefore.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The step `pulumi up` runs on the droplet: the script and its timer in place, then one run of the script.</summary>
    public static string HostRun(StackSettings settings) =>
        "set -eu\n"
        + "umask 022\n"
        + HostFile.Write(ScriptPath, "0755", Script(settings)) + "\n"
        + HostFile.Write($"{UnitFolder}/{ServiceName}", "0644", Service(settings)) + "\n"
        + HostFile.Write($"{UnitFolder}/{TimerName}", "0644", Timer(settings)) + "\n"
        + "systemctl daemon-reload\n"
        + $"systemctl enable --now {TimerName}\n"
        + ShellQuote.Word(ScriptPath) + "\n";
}
