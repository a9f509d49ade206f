using System.Collections.Immutable;
using Pulumi.Testing;

namespace Infra.Bench;

/// <summary>Inputs become outputs; the droplet gets a numeric ID because the program parses it.</summary>
internal sealed class ForwardingMocks : IMocks
{
    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var outputs = args.Inputs.ToBuilder();
        if (args.Type == "docker:index/remoteImage:RemoteImage")
        {
            outputs["imageId"] = args.Inputs["name"];
        }

        if (args.Type == "digitalocean:index/spacesKey:SpacesKey")
        {
            outputs["accessKey"] = "bench-key";
            outputs["secretKey"] = "bench-secret";
        }

        if (args.Type == "digitalocean:index/reservedIp:ReservedIp")
        {
            outputs["ipAddress"] = "203.0.113.10";
        }

        var id = args.Type == "digitalocean:index/droplet:Droplet" ? "424242" : $"{args.Name}_id";
        return Task.FromResult<(string?, object)>((id, outputs.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(ImmutableDictionary<string, object>.Empty);
}
