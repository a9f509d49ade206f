
namespace Infra.Domain.Tls;

/// <summary>
/// Cloudflare's public CA of the client certificate its edge presents with Authenticated Origin Pulls
/// (zone level, Cloudflare's own certificate), shipped as Templates/cloudflare-origin-pull-ca.pem:
/// CN=origin-pull.cloudflare.net, self-signed, valid 2019-10-10 to 2029-11-01, SHA-256 fingerprint
/// below (a test checks the file against it). Cloudflare publishes it as
/// authenticated_origin_pull_ca.pem in its "Zone-level authenticated origin pulls" documentation.
/// </summary>
public static class OriginPullCa
{
    public const string Sha256Fingerprint = "9A1AC2B4BE15F9F27EEE20A734CBA4E9898F61001B3BD7C84B69B56A3E25A2B9";

    public static string Pem => Template.Read("Tls/cloudflare-origin-pull-ca.pem");
}
