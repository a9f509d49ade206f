using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

public class TlsRuleTests
{
    [Fact]
    public void A_proxied_edge_without_https_names_the_port_key()
    {
        var config = Stacks.Prod();
        config.Proxy = null;

        Expect.Problems(config, "infra:proxy.httpsPort: a proxied edge reaches the origin over HTTPS only (SSL mode Full (strict)); set httpsPort: 443");
    }

    [Fact]
    public void A_proxied_edge_with_https_takes_an_origin_ca_certificate_by_default()
    {
        var settings = Stacks.Prod().Load().Settings!;
        var plan = OriginTlsPlan.For(settings)!;

        Assert.Equal((CertificateSources.OriginCa, true, 443), (plan.Source, plan.VerifyOriginPull, plan.HttpsPort));
        Assert.Equal(["example.com"], plan.Hostnames);
    }

    [Fact]
    public void An_unproxied_stack_must_bring_its_certificate()
    {
        var config = Stacks.Prod();
        config.Edge!["proxied"] = false;

        Expect.Problems(config, "infra:tls.source: an unproxied stack brings its own certificate or takes one from an ACME CA: set source: provided with certificatePem and keySecret, or source: acme with acmeEmail (or put the edge behind Cloudflare with proxied: true)");
    }

    [Fact]
    public void A_provided_certificate_needs_a_pem_and_a_key_secret_that_is_set_as_a_secret()
    {
        var config = Stacks.Prod();
        config.Edge!["proxied"] = false;
        config.Tls = new JsonObject { ["source"] = "provided", ["certificatePem"] = "not a certificate", ["keySecret"] = "tlsKey" };
        config.WithPlain("tlsKey", "-----BEGIN PRIVATE KEY-----");

        Expect.Problems(
            config,
            "infra:tls.certificatePem: is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
            "infra:tlsKey: the certificate's private key is stored in plain text; remove it and run `pulumi config set --secret tlsKey < key.pem --stack prod`");
    }

    [Fact]
    public void A_key_pasted_into_the_certificate_is_refused_by_key()
    {
        var config = Stacks.Prod();
        config.Edge!["proxied"] = false;
        config.Tls = new JsonObject { ["source"] = "provided", ["certificatePem"] = OriginPullCa.Pem + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" };

        Expect.Problems(
            config,
            "infra:tls.certificatePem: holds a private key in plain text; keep only the certificates here and put the key in a secret named by keySecret (`pulumi config set --secret <key> < key.pem --stack prod`)",
            "infra:tls.keySecret: is not set; name the config key of the secret that holds the certificate's private key (PEM)");
    }

    [Fact]
    public void A_provided_certificate_with_its_key_secret_set_is_valid()
    {
        var config = Stacks.Prod();
        config.Edge!["proxied"] = false;
        config.Tls = new JsonObject { ["source"] = "provided", ["certificatePem"] = OriginPullCa.Pem, ["keySecret"] = "tlsKey" };
        config.WithSecret("tlsKey");

        Expect.Problems(config);
        Assert.False(OriginTlsPlan.For(config.Load().Settings!)!.VerifyOriginPull);
    }

    [Fact]
    public void Sources_that_do_not_fit_the_stack_are_named_by_key()
    {
        var cloud = Stacks.Prod();
        cloud.Tls = new JsonObject { ["source"] = "selfSigned" };
        Expect.Problems(cloud, "infra:tls.source: a self-signed certificate is for the local stack only (browsers and Full (strict) reject it); use originCa behind a proxied edge or provided");

        var unproxied = Stacks.Prod();
        unproxied.Edge!["proxied"] = false;
        unproxied.Tls = new JsonObject { ["source"] = "originCa" };
        Expect.Problems(unproxied, "infra:tls.source: an Origin CA certificate is trusted only by Cloudflare's edge; set infra:edge.proxied: true or use provided");

        var local = Stacks.Local();
        local.Proxy = new JsonObject { ["httpsPort"] = 8443 };
        local.Tls = new JsonObject { ["source"] = "originCa" };
        Expect.Problems(local, "infra:tls.source: the local stack serves a self-signed certificate; remove source or set it to selfSigned");

        var unknown = Stacks.Prod();
        unknown.Tls = new JsonObject { ["source"] = "letsEncrypt" };
        Expect.Problems(unknown, "infra:tls.source: 'letsEncrypt' is not a certificate source; use one of originCa, selfSigned, provided, acme");
    }

    [Fact]
    public void Validity_and_renewal_window_are_checked()
    {
        var config = Stacks.Prod();
        config.Tls = new JsonObject { ["validityDays"] = 100, ["renewDaysBefore"] = 100 };

        Expect.Problems(
            config,
            "infra:tls.validityDays: 100 is not a validity the Origin CA issues; use one of 7, 30, 90, 365, 730, 1095, 5475",
            "infra:tls.renewDaysBefore: 100 must be from 1 to 99 (less than validityDays, 100)");
    }

    [Fact]
    public void Tls_settings_without_an_https_listener_are_reported()
    {
        var config = Stacks.Local();
        config.Tls = new JsonObject { ["source"] = "selfSigned" };

        Expect.Problems(config, "infra:tls: has no effect without an HTTPS listener; set infra:proxy.httpsPort (e.g. 443) or remove tls");
    }

    [Fact]
    public void The_local_stack_serves_a_self_signed_certificate_for_localhost()
    {
        var config = Stacks.Local();
        config.Proxy = new JsonObject { ["httpsPort"] = 8443 };

        Expect.Problems(config);
        var plan = OriginTlsPlan.For(config.Load().Settings!)!;
        Assert.Equal((CertificateSources.SelfSigned, false), (plan.Source, plan.VerifyOriginPull));
        Assert.Equal(["localhost"], plan.Hostnames);
    }
}
