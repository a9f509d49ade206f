using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Infra.Proxy.Harness;

/// <summary>
/// Certificate authorities made by the test: one stands in for Cloudflare's Origin CA (it signs the
/// server's certificate request), one for Cloudflare's origin-pull CA (it signs the client certificate
/// Cloudflare's edge presents). Nothing here is trusted outside the test.
/// </summary>
public sealed class TestPki : IDisposable
{
    private readonly ECDsa _originCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _originPullCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki()
    {
        OriginCa = Root("CN=Test stand-in for the Cloudflare Origin CA", _originCaKey);
        OriginPullCa = Root("CN=Test stand-in for origin-pull.cloudflare.net", _originPullCaKey);
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test edge client", clientKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(OriginPullCa, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), Serial());
        EdgeClient = signed.CopyWithPrivateKey(clientKey);
    }

    public X509Certificate2 OriginCa { get; }
    public X509Certificate2 OriginPullCa { get; }

    /// <summary>The client certificate Cloudflare's edge would present, with its key.</summary>
    public X509Certificate2 EdgeClient { get; }

    public string OriginPullCaPem => OriginPullCa.ExportCertificatePem();

    /// <summary>Issues a server certificate for <paramref name="csrPem"/>, as the Origin CA does for the stack's hostnames.</summary>
    public string Sign(string csrPem, IReadOnlyList<string> hostnames, TimeSpan validity)
    {
        var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostnames)
        {
            if (System.Net.IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(OriginCa, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.Add(validity), Serial());
        return certificate.ExportCertificatePem() + "\n" + OriginCa.ExportCertificatePem() + "\n";
    }

    public void Dispose()
    {
        OriginCa.Dispose();
        OriginPullCa.Dispose();
        EdgeClient.Dispose();
        _originCaKey.Dispose();
        _originPullCaKey.Dispose();
    }

    private static X509Certificate2 Root(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);
}
