using System.Globalization;
using Infra.Domain.Releases;

namespace Infra.Domain.Hosting;

/// <summary>
/// Readiness of an HTTP service, observed from outside its container: a helper container on the
/// stack's network asks <c>http://&lt;alias&gt;:&lt;port&gt;&lt;healthPath&gt;</c> until it answers 2xx,
/// within a deadline. Nothing runs inside the service's image, so scratch, distroless and slim
/// images (no shell, no curl, no wget) are ready the same way.
/// </summary>
public sealed record ReadinessProbe(string Alias, int Port, string HealthPath, int Seconds = ReadinessProbe.DeadlineSeconds)
{
    /// <summary>Seconds a container has to become ready (Docker healthcheck or probe) before the update fails, unless its service sets <c>readyTimeoutSeconds</c>.</summary>
    public const int DeadlineSeconds = 180;

    /// <summary>The bounds of a service's <c>readyTimeoutSeconds</c>: long enough for one probe round, never unbounded.</summary>
    public const int MinSeconds = 5;

    public const int MaxSeconds = 900;

    public string Address => $"{Alias}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The bash script the helper runs.</summary>
    public string Script(int? seconds = null) => Template.Fill("Hosting/ready.sh", new Dictionary<string, string>
    {
        ["httpTools"] = HttpTools.Script,
        ["target"] = Alias,
        ["address"] = ShellQuote.Word(Address),
        ["path"] = ShellQuote.Word(HealthPath),
        ["seconds"] = (seconds ?? Seconds).ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// The host command: the probe in a helper on the stack's network; when it fails, the container's
    /// last log lines follow its message, so the failed update says why.
    /// </summary>
    /// <param name="helperImage">The helper image; <see cref="HelperImage.Reference"/> unless a test brings a stand-in.</param>
    /// <param name="seconds">The deadline; <see cref="Seconds"/> unless a test asks for another.</param>
    public string HostCommand(DockerNames names, int? seconds = null, string helperImage = HelperImage.Reference)
    {
        var probe = new HelperRun { Name = names.Container($"{Alias}-ready"), Network = names.Network, Script = Script(seconds), Image = helperImage };
        return Template.Fill("Hosting/ready-host.sh", new Dictionary<string, string>
        {
            ["probeName"] = ShellQuote.Word(probe.Name),
            ["probe"] = probe.Render().TrimEnd('\n'),
            ["container"] = names.Container(Alias),
            ["containerWord"] = ShellQuote.Word(names.Container(Alias)),
        });
    }
}
