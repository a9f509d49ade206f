using System.Globalization;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Tls;

/// <summary>
/// Renders Templates/tls.sh (key and certificate request, bundle install, self-signed certificate) and
/// the host commands that run it in a helper container with the proxy's files mounted. The key is made
/// there, owned by HAProxy's user and readable by it alone, and never printed.
/// </summary>
public static class TlsScript
{
    /// <summary>The proxy image runs HAProxy as uid/gid 99; the key and bundle belong to it.</summary>
    public const string ProxyOwner = "99:99";

    /// <summary>tls.sh acme-due's exit status when the ACME client must be issued a certificate.</summary>
    public const int AcmeDueStatus = 11;

    /// <summary>
    /// tls.sh acme-due's exit status when the ACME client was already issued a certificate for exactly
    /// this request (directory and names) that was never installed: install it without asking the CA
    /// again, whose duplicate-certificate rate limit repeated failed installs would otherwise meet.
    /// </summary>
    public const int AcmeIssuedStatus = 12;

    /// <summary>In the acme folder: what the ACME client was last asked for (directory and names), written before it runs.</summary>
    public const string AcmeRequestedForFile = "requested-for";

    public static string Render() => Template.Fill("Tls/tls.sh", new Dictionary<string, string>
    {
        ["dir"] = ProxyLayout.ContainerConfigDirectory,
        ["certs"] = ProxyLayout.CertificateFolder,
        ["bundle"] = ProxyLayout.CertificateFileName,
        ["key"] = ProxyLayout.KeyFileName,
        ["owner"] = ProxyOwner,
        ["reload"] = ProxyInstall.ReloadStatus.ToString(CultureInfo.InvariantCulture),
        ["acme"] = ProxyLayout.AcmeFolder,
        ["due"] = AcmeDueStatus.ToString(CultureInfo.InvariantCulture),
        ["issued"] = AcmeIssuedStatus.ToString(CultureInfo.InvariantCulture),
        ["requestedFor"] = AcmeRequestedForFile,
        ["issuedFolder"] = AcmeClient.IssuedFolder,
    });

    /// <summary>Makes a new key on the server and prints only its certificate request (the step's stdout).</summary>
    public static string KeyHostRun(StackSettings settings, string commonName, string helperImage = HelperImage.Reference) =>
        Run(settings, "tls-key", ["key", commonName], helperImage).HostCommand();

    /// <summary>Installs the certificate chain given on stdin for the newer key, then reloads the proxy if it runs.</summary>
    public static string InstallHostRun(StackSettings settings, string helperImage = HelperImage.Reference) =>
        ProxyInstall.ThenReload(Run(settings, "tls-install", ["install"], helperImage), DockerNames.For(settings));

    /// <summary>Installs the chain and key given on stdin (a provided certificate), then reloads the proxy if it runs.</summary>
    public static string ProvidedHostRun(StackSettings settings, string helperImage = HelperImage.Reference) =>
        ProxyInstall.ThenReload(Run(settings, "tls-install", ["provided"], helperImage), DockerNames.For(settings));

    /// <summary>Makes (or keeps, while it has more than renewDaysBefore days left) a self-signed certificate.</summary>
    public static string SelfSignedHostRun(StackSettings settings, string helperImage = HelperImage.Reference)
    {
        var tls = settings.Tls ?? new TlsSettings();
        string[] arguments =
        [
            "self-signed",
            OriginTlsPlan.LocalHostnames[0],
            tls.ValidityDays.ToString(CultureInfo.InvariantCulture),
            tls.RenewDaysBefore.ToString(CultureInfo.InvariantCulture),
        ];
        return ProxyInstall.ThenReload(Run(settings, "tls-install", arguments, helperImage), DockerNames.For(settings));
    }

    /// <summary>A self-signed placeholder while there is no bundle yet, so that HAProxy starts and passes the first ACME challenges.</summary>
    public static string PlaceholderHostRun(StackSettings settings, string helperImage = HelperImage.Reference) =>
        ProxyInstall.ThenReload(Run(settings, "tls-install", ["placeholder", Hostnames(settings)[0]], helperImage), DockerNames.For(settings));

    /// <summary>
    /// Exits <see cref="AcmeDueStatus"/> when the ACME client must be issued a certificate (and records
    /// what it will be asked for), <see cref="AcmeIssuedStatus"/> when it already was and the certificate
    /// waits to be installed, 0 when the installed one is kept.
    /// </summary>
    public static HelperRun AcmeDue(StackSettings settings, string helperImage = HelperImage.Reference)
    {
        var tls = settings.Tls ?? new TlsSettings();
        return Run(settings, "tls-acme-due", ["acme-due", tls.RenewDaysBefore.ToString(CultureInfo.InvariantCulture), AcmeDirectories.Of(tls), .. Hostnames(settings)], helperImage);
    }

    /// <summary>The bundle from the certificate and key the ACME client just wrote; exits <see cref="ProxyInstall.ReloadStatus"/> when it changed.</summary>
    public static HelperRun AcmeInstall(StackSettings settings, string helperImage = HelperImage.Reference) =>
        Run(settings, "tls-acme-install", ["acme-install", AcmeDirectories.Of(settings.Tls ?? new TlsSettings()), .. Hostnames(settings)], helperImage);

    private static IReadOnlyList<string> Hostnames(StackSettings settings) =>
        OriginTlsPlan.For(settings)?.Hostnames is { Count: > 0 } names ? names : throw new InvalidOperationException("the certificate has no hostnames; validation requires them");

    private static HelperRun Run(StackSettings settings, string step, IReadOnlyList<string> arguments, string helperImage) => new()
    {
        Image = helperImage,
        Name = DockerNames.For(settings).Container(step),
        Mounts = [(ProxyInstall.FilesSource(settings), ProxyLayout.ContainerConfigDirectory)],
        Script = Render(),
        Arguments = arguments,
        Entry = HelperEntry.Argument,
    };
}
