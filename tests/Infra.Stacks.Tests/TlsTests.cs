using System.Collections;
using System.Collections.Immutable;
using Infra.Domain.Tls;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Cloudflare = Pulumi.Cloudflare;
using Command = Pulumi.Command;
using Docker = Pulumi.Docker;

namespace Infra.Stacks.Tests;

public class TlsTests
{
    private static Task<T> Value<T>(Input<T> input) => OutputUtilities.GetValueAsync(input.ToOutput());

    [Fact]
    public async Task Prod_issues_an_origin_ca_certificate_for_the_request_made_on_the_server_and_installs_it_before_the_proxy_starts()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var key = run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-key");
        Assert.Equal(TlsScript.KeyHostRun(Settings("prod"), "acme.example"), await Value(key.Create!));

        var certificate = run.ArgsOf<Cloudflare.OriginCaCertificateArgs>("proxy-tls-certificate");
        Assert.Equal(MockTls.CertificateRequest, await Value(certificate.Csr));
        Assert.Equal(["acme.example"], (await Value(certificate.Hostnames)).ToArray());
        Assert.Equal("origin-ecc", await Value(certificate.RequestType));
        Assert.Equal(365.0, await Value(certificate.RequestedValidity!));

        var install = run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-install");
        Assert.Equal(MockTls.Certificate, await Value(install.Stdin!));
        Assert.Equal(TlsScript.InstallHostRun(Settings("prod")), await Value(install.Create!));
        Assert.Contains("proxy-tls-install", run.RecordOf("proxy").DependsOn);
        Assert.Contains("proxy-tls-origin-pulls", run.RecordOf("proxy-tls-install").DependsOn);

        // Global Authenticated Origin Pulls (the zone setting tls_client_auth): Cloudflare's own client certificate, the one HAProxy checks.
        var originPulls = run.ArgsOf<Cloudflare.ZoneSettingArgs>("proxy-tls-origin-pulls");
        Assert.Equal(("tls_client_auth", (object)"on", "0123456789abcdef0123456789abcdef"), (await Value(originPulls.SettingId), await Value(originPulls.Value), await Value(originPulls.ZoneId!)));
        Assert.DoesNotContain(run.Recorded, r => r.Type == "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings");
    }

    [Fact]
    public async Task The_origin_ca_certificate_is_renewed_each_period_by_a_new_key_and_request_and_reinstalled()
    {
        var before = CertificateRenewal.Period(DateTimeOffset.UtcNow, 365, 30);
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var after = CertificateRenewal.Period(DateTimeOffset.UtcNow, 365, 30);

        // The key step runs again in every new period: a new key on the server, so a new request...
        var keyTriggers = await Value(run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-key").Triggers!);
        Assert.Contains(Assert.Single(keyTriggers), new object[] { before.ToString(System.Globalization.CultureInfo.InvariantCulture), after.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // ...which is the certificate's CSR (a new CSR replaces the certificate), whose text triggers the install.
        var install = run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-install");
        Assert.Equal(MockTls.Certificate, Assert.Single(await Value(install.Triggers!)));
        Assert.Contains("proxy-tls-key", run.RecordOf("proxy-tls-install").DependsOn);
        Assert.Contains("proxy-tls-certificate", run.Recorded.Select(r => r.Name));
    }

    [Fact]
    public async Task An_acme_stack_starts_the_proxy_on_a_placeholder_and_renews_from_its_ca_once_the_proxy_passes_challenges()
    {
        var run = await StackRun.OfWorkload("Pulumi.uploads-app.yaml");
        var settings = Infra.Domain.Validation.StackConfiguration.Load(Infra.Domain.Configuration.StackFileConfig.Load(RepoFiles.Path("tests", "workloads", "Pulumi.uploads-app.yaml"))).Settings!;

        Assert.Equal(TlsScript.PlaceholderHostRun(settings), await Value(run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-install").Create!));
        Assert.Contains("proxy-tls-install", run.RecordOf("proxy").DependsOn);

        var renewal = run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-acme");
        Assert.Equal(AcmeRenewal.HostRun(settings), await Value(renewal.Create!));
        Assert.Contains("goacme/lego:v4.19.2", await Value(renewal.Create!), StringComparison.Ordinal);
        // After the proxy passes challenges and the edge's names resolve to the server.
        Assert.Equal(["edge-apex", "edge-www", "proxy", "proxy-files", "server-ready"], run.RecordOf("proxy-tls-acme").DependsOn.Order(StringComparer.Ordinal));
        var period = CertificateRenewal.Period(DateTimeOffset.UtcNow, AcmeRenewal.CheckPeriodDays(settings.Tls!));
        Assert.Contains(Assert.Single(await Value(renewal.Triggers!)), new object[] { period.ToString(System.Globalization.CultureInfo.InvariantCulture), (period + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // No Cloudflare certificate, origin pulls or zone TLS settings: the edge is DNS only.
        Assert.DoesNotContain(run.Recorded, r => r.Name is "proxy-tls-key" or "proxy-tls-certificate" or "proxy-tls-origin-pulls" or "edge-tls-ssl");
    }

    [Fact]
    public async Task The_zone_runs_full_strict_with_always_https_once_the_proxy_serves_its_certificate()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var ssl = run.ArgsOf<Cloudflare.ZoneSettingArgs>("edge-tls-ssl");
        Assert.Equal(("ssl", (object)"strict"), (await Value(ssl.SettingId), await Value(ssl.Value)));
        var https = run.ArgsOf<Cloudflare.ZoneSettingArgs>("edge-tls-always-https");
        Assert.Equal(("always_use_https", (object)"on"), (await Value(https.SettingId), await Value(https.Value)));
        Assert.Equal(["proxy"], run.RecordOf("edge-tls-ssl").DependsOn);
        Assert.Equal(["proxy"], run.RecordOf("edge-tls-always-https").DependsOn);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    [InlineData("local")]
    [InlineData("uploads-app")]
    public async Task No_resource_input_or_output_holds_private_key_material(string stack)
    {
        var run = stack == "uploads-app" ? await StackRun.OfWorkload("Pulumi.uploads-app.yaml") : await StackRun.OfRepoStack(stack, TeamSecrets.For(stack));
        Assert.NotEmpty(run.Outputs);

        var holders = run.Inputs.Concat(run.OutputsOfResources)
            .Where(resource => Strings(resource.Value).Any(text => PemPrivateKey.IsMatch(text)))
            .Select(resource => resource.Key)
            .ToList();

        Assert.Empty(holders);
        // The scan reads the certificate request and the certificate the mocks answered with (the ACME
        // client's command, where an ACME client makes the key), so it did look where they flow.
        var flows = stack switch { "local" => "self-signed", "uploads-app" => "acme-install", _ => "BEGIN CERTIFICATE REQUEST" };
        Assert.Contains(run.Inputs.Values.SelectMany(Strings), text => text.Contains(flows, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provided_key_reaches_the_server_only_as_a_secret_on_the_install_steps_stdin()
    {
        var run = await StackRun.OfEditedRepoStack(
            "staging",
            text => text.Replace("proxied: true", "proxied: false")
                + $"  infra:tls:\n    source: provided\n    keySecret: tlsKey\n    certificatePem: |\n{Indent(MockTls.Certificate, 6)}",
            [.. TeamSecrets.For("staging"), "tlsKey"]);

        var install = run.Named<Command.Remote.Command>("proxy-tls-install");
        var args = run.ArgsOf<Command.Remote.CommandArgs>("proxy-tls-install");
        Assert.True(await Output.IsSecretAsync(args.Stdin!.ToOutput()));
        Assert.EndsWith(StackRun.SecretValue("infra:tlsKey") + "\n", await Value(args.Stdin!));
        Assert.DoesNotContain(StackRun.SecretValue("infra:tlsKey"), await Value(args.Create!));
        Assert.DoesNotContain(run.Recorded, r => r.Name is "proxy-tls-key" or "proxy-tls-certificate" or "edge-tls-ssl");
        _ = install;
    }

    [Fact]
    public async Task The_local_stack_makes_a_self_signed_certificate_with_docker_only()
    {
        var run = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));

        var install = run.ArgsOf<Command.Local.CommandArgs>("proxy-tls-install");
        Assert.Equal(TlsScript.SelfSignedHostRun(Settings("local")), await Value(install.Create!));
        Assert.Contains("proxy-files-volume", run.RecordOf("proxy-tls-install").DependsOn);
        Assert.Contains("proxy-tls-install", run.RecordOf("proxy").DependsOn);
        var ports = (await OutputUtilities.GetValueAsync(run.Named<Docker.Container>("proxy").Ports)).Select(p => (p.Internal, p.Ip)).ToList();
        Assert.Contains((8443, "127.0.0.1"), ports);
        Assert.DoesNotContain(run.Recorded, r => r.Type.StartsWith("cloudflare:", StringComparison.Ordinal));
    }

    private static Infra.Domain.Settings.StackSettings Settings(string stack)
    {
        var file = Infra.Domain.Configuration.StackFileConfig.Load(RepoFiles.Path($"Pulumi.{stack}.yaml"));
        return Infra.Domain.Configuration.StackSettingsReader.Read(file).Settings!;
    }

    /// <summary>
    /// A PEM private key block of any kind (PKCS#8, EC, RSA, encrypted). tls.sh names the marker only as
    /// a pattern (<c>-----BEGIN [A-Z ]*PRIVATE KEY-----</c>) to find and refuse a key, which this does not match.
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex PemPrivateKey = new("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----");

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(line => line.Length > 0).Select(line => new string(' ', spaces) + line + "\n"));

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        null => [],
        string text => [text],
        IDictionary dictionary => dictionary.Values.Cast<object?>().SelectMany(Strings),
        IEnumerable items => items.Cast<object?>().SelectMany(Strings),
        _ => [value.ToString() ?? ""],
    };
}
