using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Infra.Stacks.Tests.Support;

/// <summary>A real certificate request and certificate for the mocks to answer with; the key is made here and thrown away.</summary>
public static class MockTls
{
    public const string ExpiresOn = "2027-12-01T00:00:00Z";

    private static readonly (string Request, string Certificate) Made = Make();

    public static string CertificateRequest => Made.Request;

    public static string Certificate => Made.Certificate;

    private static (string, string) Make()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=acme.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(365));
        return (request.CreateSigningRequestPem(), certificate.ExportCertificatePem());
    }
}
