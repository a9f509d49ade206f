using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Infra.Proxy.Harness;

/// <summary>
/// A TLS client as Cloudflare's edge is one towards the origin: it verifies the proxy's chain against
/// one trusted root (the test's stand-in for the Origin CA) and for one name, and presents a client
/// certificate (the stand-in for Cloudflare's origin-pull certificate) when it has one.
/// </summary>
public sealed class TlsClient(X509Certificate2 trustedRoot, string serverName, X509Certificate2? clientCertificate)
{
    public string ServerName => serverName;

    public async Task<SslStream> ConnectAsync(Socket socket, CancellationToken cancel)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false));
        try
        {
            await stream.AuthenticateAsClientAsync(Options(), cancel);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public SslClientAuthenticationOptions Options() => new()
    {
        TargetHost = serverName,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
        ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
        LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        RemoteCertificateValidationCallback = (_, certificate, sent, errors) => Verifies(certificate, sent, errors),
    };

    /// <summary>The chain ends at the trusted root and names the server: nothing else is accepted. Intermediates come from what the server sent.</summary>
    private bool Verifies(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedRoot);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }
        return chain.Build(new X509Certificate2(certificate));
    }
}
