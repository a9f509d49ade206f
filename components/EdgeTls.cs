using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Infra.Components;

public sealed class EdgeTlsArgs : ResourceArgs
{
    public required string ZoneId { get; init; }

    /// <summary>The origin serving its certificate: Full (strict) is switched on only once it does.</summary>
    public required InputList<Resource> After { get; init; }
}

/// <summary>The zone's TLS settings at Cloudflare: SSL mode Full (strict) and Always Use HTTPS.</summary>
public sealed class EdgeTls : ComponentResource
{
    public EdgeTls(string name, EdgeTlsArgs args, ComponentResourceOptions? opts = null)
        : base(Infra.Domain.Resources.ComponentTypes.EdgeTls, name, args, opts)
    {
        var options = new CustomResourceOptions { Parent = this, DependsOn = args.After };
        _ = new Cloudflare.ZoneSetting($"{name}-ssl", new Cloudflare.ZoneSettingArgs
        {
            ZoneId = args.ZoneId,
            SettingId = "ssl",
            Value = "strict",
        }, options);
        _ = new Cloudflare.ZoneSetting($"{name}-always-https", new Cloudflare.ZoneSettingArgs
        {
            ZoneId = args.ZoneId,
            SettingId = "always_use_https",
            Value = "on",
        }, options);
        RegisterOutputs();
    }
}
