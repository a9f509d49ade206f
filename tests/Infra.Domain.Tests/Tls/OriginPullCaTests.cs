using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

/// <summary>The shipped origin-pull CA is Cloudflare's published certificate, not a lookalike.</summary>
public class OriginPullCaTests
{
    [Fact]
    public void The_shipped_file_is_cloudflares_self_signed_origin_pull_ca()
    {
        using var certificate = X509Certificate2.CreateFromPem(OriginPullCa.Pem);

        Assert.Equal(OriginPullCa.Sha256Fingerprint, certificate.GetCertHashString(HashAlgorithmName.SHA256));
        Assert.Equal("origin-pull.cloudflare.net", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(new DateTime(2029, 11, 1, 17, 0, 0, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
        Assert.DoesNotContain("PRIVATE KEY", OriginPullCa.Pem, StringComparison.Ordinal);
    }
}
