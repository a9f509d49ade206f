using System.Collections.Immutable;
using Pulumi.Testing;

namespace Infra.Stacks.Tests.Support;

/// <summary>
/// Forwards inputs as outputs, adding the few outputs a provider would compute that the program
/// reads (image IDs, the droplet's numeric ID, the reserved address). Never throws on unknown types:
/// component registrations come through here too.
/// </summary>
public sealed class Mocks : IMocks
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ImmutableDictionary<string, object>> _inputs = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ImmutableDictionary<string, object>> _outputs = new();

    /// <summary>The outputs each resource was given, by "type name" (inputs forwarded, plus what a provider computes).</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<string, object>> Outputs => _outputs;

    /// <summary>The inputs each resource was registered with, by "type name".</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<string, object>> Inputs => _inputs;

    public const string ReservedAddress = "203.0.113.10";
    public const string DropletId = "424242";
    public const string SpacesAccessKey = "DO00MOCKACCESSKEY";
    public const string SpacesSecretKey = "mock-spaces-secret";

    /// <summary>What the local engine's `docker info` answers for its data folder (DockerRootDir).</summary>
    public const string DockerRoot = "/var/lib/docker";

    /// <summary>What `docker image inspect` answers for the backup helper image the install built.</summary>
    public const string BackupToolsImageId = "sha256:0b5e1c0ffee0b5e1c0ffee0b5e1c0ffee0b5e1c0ffee0b5e1c0ffee0b5e1c0f";

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        _inputs[$"{args.Type} {args.Name}"] = args.Inputs;
        var outputs = ImmutableDictionary.CreateBuilder<string, object>();
        outputs.AddRange(args.Inputs);
        var id = $"{args.Name}_id";
        switch (args.Type)
        {
            case "docker:index/remoteImage:RemoteImage":
                outputs["imageId"] = args.Inputs["name"];
                outputs["repoDigest"] = args.Inputs["name"];
                break;
            case "digitalocean:index/droplet:Droplet":
                id = DropletId;
                break;
            case "digitalocean:index/spacesKey:SpacesKey":
                outputs["accessKey"] = SpacesAccessKey;
                outputs["secretKey"] = SpacesSecretKey;
                break;
            case "digitalocean:index/reservedIp:ReservedIp":
                outputs["ipAddress"] = ReservedAddress;
                break;
            case "command:remote:Command" or "command:local:Command" when args.Name?.EndsWith("-tls-key", StringComparison.Ordinal) == true:
                // What the key step prints: a certificate request only (its key stays with the test, as on the server).
                outputs["stdout"] = MockTls.CertificateRequest;
                break;
            case "command:local:Command" when args.Name?.EndsWith("-docker-root", StringComparison.Ordinal) == true:
                outputs["stdout"] = DockerRoot + "\n";
                break;
            case "command:local:Command" when args.Name?.EndsWith("-tools-image", StringComparison.Ordinal) == true:
                outputs["stdout"] = BackupToolsImageId + "\n";
                break;
            case "cloudflare:index/originCaCertificate:OriginCaCertificate":
                outputs["certificate"] = MockTls.Certificate;
                outputs["expiresOn"] = MockTls.ExpiresOn;
                break;
        }

        var result = outputs.ToImmutable();
        _outputs[$"{args.Type} {args.Name}"] = result;
        return Task.FromResult<(string?, object)>((id, result));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
