using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Tls;

/// <summary>
/// The ACME client, lego, in its own container beside the proxy: it shares the proxy's network
/// namespace (as the switch helper does), so its HTTP-01 listener on loopback is what HAProxy passes
/// the challenge path to, and it keeps its account and what it is issued in the proxy's files'
/// <see cref="ProxyLayout.AcmeFolder"/> folder. It makes the certificate's key itself, there, on the
/// server: the key never passes through the stack.
/// </summary>
public static class AcmeClient
{
    /// <summary>
    /// The official lego image, pinned by tag as the other tool images are (restic, the Docker CLI):
    /// lego 4.19.2 on Alpine with ca-certificates, the static binary at /lego, <c>ENTRYPOINT ["/lego"]</c>,
    /// running as root. The tests run a stand-in built from Debian's lego package (tests/images/lego).
    /// </summary>
    public const string Image = "goacme/lego:v4.19.2";

    /// <summary>Where the client sees the proxy's acme folder.</summary>
    public const string DataPath = "/acme";

    /// <summary>Where lego leaves what it is issued, under its <c>--path</c> (the acme folder), named after the first domain.</summary>
    public const string IssuedFolder = "certificates";

    /// <summary>ECDSA P-256, the key type of the Origin CA certificates too.</summary>
    public const string KeyType = "ec256";

    /// <summary>lego reads the CAs it trusts for the directory's HTTPS from this variable instead of the system's (a test CA only).</summary>
    public const string TrustedCaVariable = "LEGO_CA_CERTIFICATES";

    /// <summary>
    /// The client's command: a new account if there is none, then a new key and certificate for every
    /// hostname, answering the CA's HTTP-01 challenges on <see cref="AcmeLayout.ChallengeAddress"/>.
    /// Only run when a certificate is due (tls.sh acme-due), so it never asks the CA for one it has, nor
    /// again for one it was issued but that was never installed.
    /// </summary>
    public static string Run(StackSettings settings, AcmeLayout layout)
    {
        var tls = settings.Tls ?? new TlsSettings();
        var names = DockerNames.For(settings);
        List<string> words =
        [
            "docker", "run", "--rm", "--name", names.Container("tls-acme"),
            "--network", layout.Network ?? $"container:{names.Proxy}",
            "--volume", $"{ProxyInstall.FilesSource(settings)}/{ProxyLayout.AcmeFolder}:{DataPath}",
        ];
        if (layout.TrustedCaFile is { } ca)
        {
            words.AddRange(["--volume", $"{ca}:/etc/infra-acme-ca.pem:ro", "--env", $"{TrustedCaVariable}=/etc/infra-acme-ca.pem"]);
        }

        words.AddRange([layout.ClientImage,
            "--accept-tos", "--email", tls.AcmeEmail ?? throw new InvalidOperationException("acme needs infra:tls.acmeEmail; validation requires it"),
            "--server", AcmeDirectories.Of(tls), "--path", DataPath, "--key-type", KeyType,
            "--http", "--http.port", layout.ChallengeAddress]);
        foreach (var hostname in OriginTlsPlan.For(settings)!.Hostnames)
        {
            words.AddRange(["--domains", hostname]);
        }

        words.Add("run");
        return ShellQuote.Join(words);
    }
}
