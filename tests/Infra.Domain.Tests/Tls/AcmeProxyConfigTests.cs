using Infra.Domain.Proxy;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

/// <summary>With source <c>acme</c> the plain-HTTP port passes the challenge path to the ACME client and redirects everything else.</summary>
public class AcmeProxyConfigTests
{
    [Fact]
    public void Only_the_challenge_path_escapes_the_redirect_and_it_goes_to_the_clients_loopback_listener()
    {
        var config = HaproxyConfig.Render(AcmeRenewalTests.Unproxied());

        Assert.Contains("""
            frontend http
                # Plain HTTP answers only with a redirect to HTTPS, same host and path, except the ACME CA's
                # HTTP-01 challenges: those go to the ACME client, which listens beside the proxy while it is
                # issued a certificate (infra:tls.source acme).
                bind :80
                acl acme_challenge path_beg /.well-known/acme-challenge/
                http-request redirect code 301 location https://%[req.hdr(host),field(1,:)]%[capture.req.uri] unless acme_challenge
                use_backend acme_challenge if acme_challenge

            """, config, StringComparison.Ordinal);
        Assert.Contains("""
            backend acme_challenge
                # The ACME client's HTTP-01 listener, on loopback in the proxy's network namespace. It answers
                # only while the client runs (a renewal); at any other time a challenge request gets a 503.
                server client 127.0.0.1:9997
            """, config, StringComparison.Ordinal);
        Assert.DoesNotContain("verify required", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_sources_keep_no_challenge_route()
    {
        var config = HaproxyConfig.Render(Support.ProxyStack.Prod());

        Assert.DoesNotContain(AcmeChallenge.PathPrefix, config, StringComparison.Ordinal);
        Assert.DoesNotContain(HaproxyConfig.AcmeChallengeBackend, config, StringComparison.Ordinal);
    }
}
