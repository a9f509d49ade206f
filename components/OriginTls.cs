using Infra.Domain.Resources;
using Infra.Domain.Settings;
using Infra.Domain.Tls;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Infra.Components;

public sealed class OriginTlsArgs : ResourceArgs
{
    public required StackSettings Settings { get; init; }
    public required IDockerHost Host { get; init; }

    /// <summary>Resolves the secret of a provided certificate's key.</summary>
    public required SecretSource Secrets { get; init; }

    /// <summary>What must exist before the steps write into the proxy's files (the local engine's files volume).</summary>
    public InputList<Resource> After { get; init; } = new();

    /// <summary>The clock the renewal period is read from; now unless a test says otherwise.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// The HTTPS listener's certificate, installed in the proxy's files as the bundle HAProxy reads. With
/// an Origin CA certificate the key is made on the server and only its certificate request comes back
/// (the key step's stdout): Cloudflare issues the certificate for it, and the install step puts the
/// certificate beside the key. A new renewal period (<see cref="CertificateRenewal"/>) makes a new key,
/// request and certificate. Authenticated Origin Pulls are switched on at the zone before HAProxy
/// starts requiring Cloudflare's client certificate.
/// </summary>
public sealed class OriginTls : ComponentResource
{
    /// <summary>Cloudflare's request type for an ECDSA key (the key step makes a P-256 key).</summary>
    public const string OriginCaRequestType = "origin-ecc";

    /// <summary>The zone setting of (global) Authenticated Origin Pulls.</summary>
    public const string OriginPullsSetting = "tls_client_auth";

    public OriginTls(string name, OriginTlsArgs args, ComponentResourceOptions? opts = null)
        : base(Infra.Domain.Resources.ComponentTypes.OriginTls, name, args, opts)
    {
        var settings = args.Settings;
        var plan = OriginTlsPlan.For(settings) ?? throw new InvalidOperationException("OriginTls needs infra:proxy.httpsPort; validation requires it");
        var tls = plan.Settings;
        var period = CertificateRenewal.Period(args.Now ?? DateTimeOffset.UtcNow, tls.ValidityDays, tls.RenewDaysBefore);
        var host = args.Host;
        var options = new CustomResourceOptions { Parent = this, DependsOn = args.After };

        switch (plan.Source)
        {
            case CertificateSources.OriginCa:
                var edge = settings.Edge!;
                var (key, request) = host.ReadFromHost($"{name}-key", new HostCommand
                {
                    Create = TlsScript.KeyHostRun(settings, plan.Hostnames[0]),
                    // A new renewal period makes a new key and request, and so a new certificate.
                    Triggers = new InputList<object> { (Input<object>)period.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                }, options);
                // Global Authenticated Origin Pulls: the edge presents Cloudflare's own client certificate (the CA
                // HAProxy checks, OriginPullCa). Not origin_tls_client_auth/settings: that is zone-level AOP
                // with a certificate uploaded to Cloudflare, an independent configuration.
                var originPulls = new Cloudflare.ZoneSetting($"{name}-origin-pulls", new Cloudflare.ZoneSettingArgs
                {
                    ZoneId = edge.ZoneId,
                    SettingId = OriginPullsSetting,
                    Value = "on",
                }, new CustomResourceOptions { Parent = this });
                var certificate = new Cloudflare.OriginCaCertificate($"{name}-certificate", new Cloudflare.OriginCaCertificateArgs
                {
                    Csr = request,
                    Hostnames = plan.Hostnames.ToList(),
                    RequestType = OriginCaRequestType,
                    RequestedValidity = tls.ValidityDays,
                }, new CustomResourceOptions { Parent = this, ReplaceOnChanges = { "csr" } });
                Installed = host.RunOnHost($"{name}-{ProxyReloadSteps.CertificateInstall}", new HostCommand
                {
                    Create = TlsScript.InstallHostRun(settings),
                    Stdin = certificate.Certificate,
                    Triggers = new InputList<object> { (Input<object>)certificate.Certificate.Apply(text => (object)text) },
                }, new CustomResourceOptions { Parent = this, DependsOn = { key, originPulls } });
                ExpiresOn = certificate.ExpiresOn;
                break;
            case CertificateSources.Provided:
                // The key reaches the server on the step's standard input: a secret in the stack's state (see README, "TLS").
                Installed = host.RunOnHost($"{name}-{ProxyReloadSteps.CertificateInstall}", new HostCommand
                {
                    Create = TlsScript.ProvidedHostRun(settings),
                    Stdin = Output.Tuple(Output.Create(tls.CertificatePem!), args.Secrets(tls.KeySecret!))
                        .Apply(pair => pair.Item1.TrimEnd('\n') + "\n" + pair.Item2.TrimEnd('\n') + "\n"),
                }, options);
                ExpiresOn = Output.Create("");
                break;
            case CertificateSources.Acme:
                // HAProxy starts on a placeholder; the ACME step (EdgeProxy) runs once the proxy passes challenges.
                Installed = host.RunOnHost($"{name}-{ProxyReloadSteps.CertificateInstall}", new HostCommand
                {
                    Create = TlsScript.PlaceholderHostRun(settings),
                }, options);
                ExpiresOn = Output.Create("");
                break;
            case CertificateSources.SelfSigned:
                Installed = host.RunOnHost($"{name}-{ProxyReloadSteps.CertificateInstall}", new HostCommand
                {
                    Create = TlsScript.SelfSignedHostRun(settings),
                    Triggers = new InputList<object> { (Input<object>)period.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                }, options);
                ExpiresOn = Output.Create("");
                break;
            default:
                throw new InvalidOperationException($"certificate source '{plan.Source}' did not pass validation");
        }

        RegisterOutputs(new Dictionary<string, object?> { ["expiresOn"] = ExpiresOn });
    }

    /// <summary>The bundle is in place: the proxy may start on it.</summary>
    public Resource Installed { get; }

    /// <summary>When the Origin CA certificate expires; empty for other sources.</summary>
    [Output]
    public Output<string> ExpiresOn { get; private set; }
}
