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

    public static string Render() => Template.Fill("Tls/tls.sh", new Dictionary<string, string>
    {
        ["dir"] = ProxyLayout.ContainerConfigDirectory,
        ["certs"] = ProxyLayout.CertificateFolder,
        ["bundle"] = ProxyLayout.CertificateFileName,
        ["key"] = ProxyLayout.KeyFileName,
        ["owner"] = ProxyOwner,
        ["reload"] = ProxyInstall.ReloadStatus.ToString(CultureInfo.InvariantCulture),
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
