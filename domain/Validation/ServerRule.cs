using System.Net;
using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>The droplet's region, size, image, SSH keys and admin CIDRs are well-formed.</summary>
public sealed partial class ServerRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var server = settings.Server;
        if (server.HostRoot is { } root && !HostRoot().IsMatch(root))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "hostRoot"), $"'{root}' is not an absolute folder path of letters, digits and . _ - /");
        }

        if (!server.IsDigitalOcean)
        {
            yield break;
        }

        if (server.Region is null || !DigitalOceanRegion.IsValid(server.Region))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "region"), $"'{server.Region}' is not a DigitalOcean region slug; use one like fra1, nyc3 or ams3");
        }

        if (server.Size is null || !SizeSlug().IsMatch(server.Size))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "size"), $"'{server.Size}' is not a DigitalOcean size slug; use one like s-2vcpu-4gb (see `doctl compute size list`)");
        }

        if (string.IsNullOrWhiteSpace(server.Image))
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "image"), "is not set; use a droplet image slug like debian-12-x64");
        }

        if (server.SshKeys.Count == 0)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "sshKeys"), "lists no SSH key; add the fingerprint of at least one key registered at DigitalOcean");
        }

        for (var i = 0; i < server.SshKeys.Count; i++)
        {
            if (!Fingerprint().IsMatch(server.SshKeys[i]))
            {
                yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, $"sshKeys[{i}]"), $"'{server.SshKeys[i]}' is not an SSH key fingerprint (aa:bb:...:ff) or key ID");
            }
        }

        if (server.AdminCidrs.Count == 0)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "adminCidrs"), "lists no admin network; SSH would be closed to everyone, including the deploy");
        }

        for (var i = 0; i < server.AdminCidrs.Count; i++)
        {
            var cidr = server.AdminCidrs[i];
            var key = ConfigKeys.Of(ConfigKeys.Server, $"adminCidrs[{i}]");
            if (!cidr.Contains('/') || !IPNetwork.TryParse(cidr, out var network))
            {
                yield return new ConfigError(key, $"'{cidr}' is not a CIDR; write it as address/prefix, e.g. 203.0.113.7/32");
            }
            else if (network.PrefixLength == 0)
            {
                yield return new ConfigError(key, $"'{cidr}' opens SSH to the whole internet; list the admin networks instead");
            }
        }

        if (server.DataVolumeGb is < 1 or > 16384)
        {
            yield return new ConfigError(ConfigKeys.Of(ConfigKeys.Server, "dataVolumeGb"), $"{server.DataVolumeGb} GiB is outside 1-16384");
        }
    }

    [GeneratedRegex("^/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$")]
    private static partial Regex HostRoot();

    [GeneratedRegex("^(s|c|c2|g|gd|m|m3|m6|so|so1_5)-[0-9]+vcpu-[0-9]+(gb|mb)(-[a-z0-9]+)*$")]
    private static partial Regex SizeSlug();

    [GeneratedRegex("^([0-9a-f]{2}:){15}[0-9a-f]{2}$|^[0-9]+$")]
    private static partial Regex Fingerprint();
}
