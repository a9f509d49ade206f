using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

/// <summary>Source <c>acme</c>: an unproxied cloud stack, the edge's names, an account address; every problem named by its key.</summary>
public class AcmeRuleTests
{
    private static TestStackConfig Unproxied(JsonObject tls)
    {
        var config = Stacks.Prod();
        config.Edge!["proxied"] = false;
        config.Edge["records"] = new JsonArray("@", "www");
        config.Tls = tls;
        return config;
    }

    [Fact]
    public void An_unproxied_stack_with_an_account_address_takes_lets_encrypt_for_the_edges_names()
    {
        var config = Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" });

        Expect.Problems(config);
        var settings = config.Load().Settings!;
        var plan = OriginTlsPlan.For(settings)!;
        Assert.Equal((CertificateSources.Acme, false), (plan.Source, plan.VerifyOriginPull));
        Assert.Equal(["example.com", "www.example.com"], plan.Hostnames);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/directory", AcmeDirectories.Of(settings.Tls!));
    }

    [Fact]
    public void Another_directory_is_taken_when_given()
    {
        var config = Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com", ["acmeDirectory"] = AcmeDirectories.LetsEncryptStaging });

        Expect.Problems(config);
        Assert.Equal(AcmeDirectories.LetsEncryptStaging, AcmeDirectories.Of(config.Load().Settings!.Tls!));
    }

    [Fact]
    public void The_account_address_is_required_and_the_directory_must_be_an_https_url()
    {
        Expect.Problems(
            Unproxied(new JsonObject { ["source"] = "acme" }),
            "infra:tls.acmeEmail: is not set; the ACME CA registers the account with this address and sends expiry warnings to it (e.g. ops@example.com)");

        Expect.Problems(
            Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops at example", ["acmeDirectory"] = "http://ca.example/directory" }),
            "infra:tls.acmeEmail: 'ops at example' is not an email address",
            "infra:tls.acmeDirectory: 'http://ca.example/directory' is not the https URL of an ACME directory; remove it for Let's Encrypt (https://acme-v02.api.letsencrypt.org/directory) or use e.g. its staging directory (https://acme-staging-v02.api.letsencrypt.org/directory)");
    }

    [Fact]
    public void A_proxied_edge_is_refused()
    {
        var config = Stacks.Prod();
        config.Tls = new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" };

        Expect.Problems(config, "infra:tls.source: an ACME certificate is validated by the CA over plain HTTP straight to this server (HTTP-01), which a proxied edge does not allow for; behind Cloudflare use originCa (the default), or set infra:edge.proxied: false");
    }

    [Fact]
    public void The_local_stack_is_refused()
    {
        var config = Stacks.Local();
        config.Proxy = new JsonObject { ["httpsPort"] = 8443 };
        config.Tls = new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" };

        Expect.Problems(config, "infra:tls.source: the local stack serves a self-signed certificate; remove source or set it to selfSigned");
    }

    [Fact]
    public void The_hostnames_come_from_the_edge_which_must_be_there_and_name_no_wildcard()
    {
        var noEdge = Stacks.Prod();
        noEdge.Edge = null;
        noEdge.Proxy = new JsonObject { ["httpsPort"] = 443 };
        noEdge.Tls = new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" };
        Expect.Problems(noEdge, "infra:edge: source: acme issues the certificate for the edge's hostnames; set edge (domain, zoneId, records, proxied: false)");

        var wildcard = Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" });
        wildcard.Edge!["records"] = new JsonArray("@", "*");
        Expect.Problems(wildcard, "infra:edge.records: '*' is a wildcard, which an ACME CA issues only against a DNS challenge; source: acme answers HTTP-01 only: list each name instead");
    }

    [Fact]
    public void The_plain_http_port_must_be_80_and_the_challenge_listener_port_is_taken()
    {
        var config = Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com" });
        config.Proxy = new JsonObject { ["httpPort"] = 8080, ["httpsPort"] = 443, ["previewPort"] = 9997 };

        Expect.Problems(
            config,
            "infra:proxy.previewPort: port 9997 is taken by the ACME client's challenge listener inside the proxy's network namespace (with tls.source acme); choose another",
            "infra:proxy.httpPort: 8080: the ACME CA sends its HTTP-01 challenges to port 80; set httpPort: 80 (or remove it) with tls.source acme");
    }

    [Fact]
    public void Acme_settings_with_another_source_are_named()
    {
        var config = Stacks.Prod();
        config.Tls = new JsonObject { ["acmeEmail"] = "ops@example.com", ["acmeDirectory"] = AcmeDirectories.LetsEncryptStaging };

        Expect.Problems(
            config,
            "infra:tls.acmeEmail: is used only with source: acme; remove it",
            "infra:tls.acmeDirectory: is used only with source: acme; remove it");
    }

    [Fact]
    public void The_renewal_margin_stays_within_a_third_of_a_90_day_certificate()
    {
        Expect.Problems(
            Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com", ["renewDaysBefore"] = 45 }),
            "infra:tls.renewDaysBefore: 45 is more than 30: ACME CAs issue for 90 days or fewer (Let's Encrypt is shortening to 45), and a larger margin would ask for a new certificate at nearly every run, into the CA's rate limits");
        Expect.Problems(Unproxied(new JsonObject { ["source"] = "acme", ["acmeEmail"] = "ops@example.com", ["renewDaysBefore"] = 20 }));
    }
}
