using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

/// <summary>The ACME renewal as rendered: read by shellcheck and systemd, docker the only program, no key anywhere.</summary>
public class AcmeRenewalTests
{
    public static StackSettings Unproxied() => ProxyStack.Prod() with
    {
        Edge = ProxyStack.Prod().Edge! with { Proxied = false },
        Tls = new TlsSettings { Source = CertificateSources.Acme, AcmeEmail = "ops@acme.example" },
    };

    [Fact]
    public void The_client_runs_in_the_proxys_network_namespace_for_every_hostname_and_keeps_its_data_in_the_proxys_files()
    {
        var command = AcmeClient.Run(Unproxied(), AcmeLayout.Server);

        Assert.Equal(
            "docker run --rm --name prod_tls-acme --network container:prod_proxy --volume /srv/infra/proxy/acme:/acme "
            + "goacme/lego:v4.19.2 --accept-tos --email ops@acme.example --server https://acme-v02.api.letsencrypt.org/directory "
            + "--path /acme --key-type ec256 --http --http.port 127.0.0.1:9997 --domains acme.example --domains admin.acme.example run",
            command);
    }

    [Fact]
    public void The_script_asks_the_ca_only_when_a_certificate_is_due_and_reloads_only_after_installing_it()
    {
        var script = AcmeRenewal.Script(Unproxied());

        var due = script.IndexOf(" acme-due 30 https://acme-v02.api.letsencrypt.org/directory acme.example admin.acme.example", StringComparison.Ordinal);
        var client = script.IndexOf("goacme/lego:v4.19.2 --accept-tos", StringComparison.Ordinal);
        var install = script.IndexOf(" acme-install https://acme-v02.api.letsencrypt.org/directory acme.example admin.acme.example", StringComparison.Ordinal);
        var reload = script.IndexOf("docker kill -s USR2 prod_proxy", StringComparison.Ordinal);
        Assert.True(due > 0 && due < client && client < install && install < reload, script);
        Assert.Contains($"elif [ \"$status\" = {TlsScript.AcmeDueStatus} ]; then", script, StringComparison.Ordinal);
        Assert.DoesNotMatch("-----BEGIN [A-Z ]*PRIVATE KEY-----", script);
    }

    [Fact]
    public void A_certificate_already_issued_is_installed_without_running_the_client()
    {
        var script = AcmeRenewal.Script(Unproxied());

        // The issued status skips the client and falls through to the install; the due status alone runs the client.
        var issued = script.IndexOf($"elif [ \"$status\" = {TlsScript.AcmeIssuedStatus} ]; then", StringComparison.Ordinal);
        var due = script.IndexOf($"elif [ \"$status\" = {TlsScript.AcmeDueStatus} ]; then", StringComparison.Ordinal);
        var client = script.IndexOf("goacme/lego:v4.19.2 --accept-tos", StringComparison.Ordinal);
        var otherwise = script.IndexOf("\nelse\n", due, StringComparison.Ordinal);
        var end = script.IndexOf("\nfi\n", otherwise, StringComparison.Ordinal);
        var install = script.IndexOf(" acme-install https://acme-v02.api.letsencrypt.org/directory acme.example admin.acme.example", StringComparison.Ordinal);
        Assert.True(issued > 0 && issued < due && due < client && client < otherwise && otherwise < end && end < install, script);
        Assert.NotEqual(TlsScript.AcmeDueStatus, TlsScript.AcmeIssuedStatus);
        Assert.DoesNotContain(TlsScript.AcmeIssuedStatus, new[] { 0, 1, TlsScript.AcmeDueStatus, ProxyInstall.ReloadStatus });
        Assert.DoesNotMatch("-----BEGIN [A-Z ]*PRIVATE KEY-----", script);
    }

    [Fact]
    public void The_step_installs_the_script_and_its_timer_then_runs_it()
    {
        var step = AcmeRenewal.HostRun(Unproxied());

        var script = step.IndexOf($"mktemp {AcmeRenewal.ScriptPath}.XXXXXX", StringComparison.Ordinal);
        var enable = step.IndexOf("systemctl enable --now infra-tls-renew.timer", StringComparison.Ordinal);
        Assert.True(script > 0 && enable > script, step);
        Assert.EndsWith($"\n{AcmeRenewal.ScriptPath}\n", step, StringComparison.Ordinal);
        Assert.Contains(AcmeRenewal.Script(Unproxied()).TrimEnd('\n'), step, StringComparison.Ordinal);
    }

    [Fact]
    public void Updates_recheck_every_half_renewal_margin()
    {
        Assert.Equal(15, AcmeRenewal.CheckPeriodDays(new TlsSettings { RenewDaysBefore = 30 }));
        Assert.Equal(1, AcmeRenewal.CheckPeriodDays(new TlsSettings { RenewDaysBefore = 1 }));
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "shellcheck")]
    public async Task Shellcheck_finds_nothing_in_the_script_the_step_or_the_placeholder()
    {
        foreach (var (shell, text) in new[]
        {
            ("bash", AcmeRenewal.Script(Unproxied())),
            ("sh", AcmeRenewal.HostRun(Unproxied())),
            ("sh", TlsScript.PlaceholderHostRun(Unproxied())),
        })
        {
            var result = await Shellcheck(shell, text);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "systemd-analyze")]
    public async Task The_units_pass_systemd_verification()
    {
        var analyze = RequiresProgram.Program("systemd-analyze");
        var folder = Directory.CreateTempSubdirectory("infra-tls-units-");
        try
        {
            var script = Path.Combine(folder.FullName, "infra-tls-renew");
            ExecutableFile.Write(script, "#!/bin/sh\n");
            var service = Path.Combine(folder.FullName, AcmeRenewal.ServiceName);
            var timer = Path.Combine(folder.FullName, AcmeRenewal.TimerName);
            await File.WriteAllTextAsync(service, AcmeRenewal.Service(Unproxied(), script));
            await File.WriteAllTextAsync(timer, AcmeRenewal.Timer(Unproxied()));

            var verified = await ProcessRunner.Run(analyze, ["verify", service, timer]);
            Assert.True(verified.ExitCode == 0 && verified.Error.Length == 0, verified.Output + verified.Error);

            // Twice a day: at 00:00 and 12:00 (before the random delay).
            var onCalendar = (await File.ReadAllLinesAsync(timer)).Single(l => l.StartsWith("OnCalendar=", StringComparison.Ordinal))["OnCalendar=".Length..];
            var calendar = await ProcessRunner.Run(analyze, ["calendar", "--iterations=3", "--base-time=2026-01-01 06:00:00 UTC", onCalendar], new Dictionary<string, string> { ["TZ"] = "UTC" });
            Assert.True(calendar.ExitCode == 0, calendar.Error);
            Assert.Contains("2026-01-01 12:00:00 UTC", calendar.Output, StringComparison.Ordinal);
            Assert.Contains("2026-01-02 00:00:00 UTC", calendar.Output, StringComparison.Ordinal);
            Assert.Contains("2026-01-02 12:00:00 UTC", calendar.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<ProcessResult> Shellcheck(string shell, string text)
    {
        var shellcheck = RequiresProgram.Program("shellcheck");
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, text);
            return await ProcessRunner.Run(shellcheck, [$"--shell={shell}", "--severity=info", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
