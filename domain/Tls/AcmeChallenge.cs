namespace Infra.Domain.Tls;

/// <summary>The HTTP-01 challenge (RFC 8555, section 8.3): the CA asks for a token over plain HTTP on port 80 of each name.</summary>
public static class AcmeChallenge
{
    /// <summary>The CA always connects to this port; the proxy's plain-HTTP port must be it.</summary>
    public const int Port = 80;

    /// <summary>The path the CA asks under; the only path on the plain-HTTP port that is not redirected to HTTPS.</summary>
    public const string PathPrefix = "/.well-known/acme-challenge/";
}
