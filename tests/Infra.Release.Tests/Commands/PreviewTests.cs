using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class PreviewTests : IDisposable
{
    private const string Stack = "urn:pulumi:staging::infra::pulumi:pulumi:Stack::infra-staging";
    private const string Db = "urn:pulumi:staging::infra::infra:components:Accessory::db";
    private const string WebBlue = "urn:pulumi:staging::infra::infra:components:ContainerService::web-blue";
    private const string Server = "urn:pulumi:staging::infra::infra:components:Server::server";

    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static StepEvent Step(StepOp op, string parent, string type, string name, bool protect = false, string[]? keys = null, string[]? diffs = null) =>
        new(op, $"{parent.Replace("::" + Urns.Name(parent), "")}${type}::{name}", type, parent, protect, keys ?? [], diffs ?? []);

    [Fact]
    public async Task A_replaced_database_container_fails_the_preview_with_a_grouped_report()
    {
        _harness.Engine.PreviewSteps.AddRange(
        [
            Step(StepOp.Same, Stack, "infra:components:Server", "server"),
            Step(StepOp.Replace, Db, "docker:index/container:Container", "db", protect: true, keys: ["image"], diffs: ["image", "envs"]),
            Step(StepOp.Replace, Db, "docker:index/container:Container", "db", protect: true, keys: ["image"]),
            Step(StepOp.Update, WebBlue, "docker:index/container:Container", "web-blue", diffs: ["image"]),
            Step(StepOp.Create, WebBlue, "docker:index/remoteImage:RemoteImage", "web-blue-image"),
            Step(StepOp.Update, Server, "digitalocean:index/firewall:Firewall", "server-firewall", diffs: ["inboundRules"]),
        ]);
        var markdown = Path.Combine(_harness.LockFolder, "risk.md");

        var exit = await _harness.RunAsync("preview", "--stack", "staging", "--markdown", markdown);

        Assert.Equal(2, exit);
        Assert.Equal("""
            ## Preview of stack `staging`: 1 to create, 2 to update, 1 to replace, 0 to delete

            **Warning: 1 stateful resource(s) would be replaced or deleted:** db (accessory container, replace)

            ### Accessory db

            | Change | Resource | Type | Stateful | Protected | Properties |
            |---|---|---|---|---|---|
            | replace | db | `docker:index/container:Container` | accessory container | yes | image |

            ### ContainerService web-blue

            | Change | Resource | Type | Stateful | Protected | Properties |
            |---|---|---|---|---|---|
            | update | web-blue | `docker:index/container:Container` |  | no | image |
            | create | web-blue-image | `docker:index/remoteImage:RemoteImage` |  | no |  |

            ### Server server

            | Change | Resource | Type | Stateful | Protected | Properties |
            |---|---|---|---|---|---|
            | update | server-firewall | `digitalocean:index/firewall:Firewall` |  | no | inboundRules |

            """.ReplaceLineEndings("\n"), File.ReadAllText(markdown));
        Assert.Equal(["1 stateful resource(s) would be replaced or deleted (db); if that is intended, re-run with --allow-destroy"], _harness.Console.Errors);
        Assert.Equal(["preview"], _harness.Engine.Calls);
    }

    [Fact]
    public async Task Allow_destroy_lets_a_destructive_preview_pass()
    {
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Delete, Server, "digitalocean:index/volume:Volume", "server-volume", protect: true));

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging", "--allow-destroy"));
        Assert.Contains("allowed by --allow-destroy: server-volume", _harness.Console.Lines);
        Assert.Contains("**Warning: 1 stateful resource(s) would be replaced or deleted:** server-volume (volume, delete)", _harness.Console.Lines);
    }

    [Theory]
    [InlineData("digitalocean:index/droplet:Droplet", "droplet")]
    [InlineData("digitalocean:index/reservedIp:ReservedIp", "reserved IP")]
    [InlineData("docker:index/volume:Volume", "docker volume")]
    [InlineData("cloudflare:index/dnsRecord:DnsRecord", "DNS record")]
    [InlineData("digitalocean:index/spacesBucket:SpacesBucket", "Spaces bucket")]
    public async Task Every_stateful_kind_blocks_when_replaced(string type, string kind)
    {
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Replace, Server, type, "thing"));

        Assert.Equal(2, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains($"**Warning: 1 stateful resource(s) would be replaced or deleted:** thing ({kind}, replace)", _harness.Console.Lines);
    }

    [Fact]
    public async Task Replacing_a_service_container_is_not_destructive()
    {
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Replace, WebBlue, "docker:index/container:Container", "web-blue", keys: ["image"]));

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains("No stateful resource would be replaced or deleted.", _harness.Console.Lines);
    }

    [Fact]
    public async Task No_changes_says_so()
    {
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Same, Stack, "infra:components:Server", "server"));

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Equal(["## Preview of stack `staging`: 0 to create, 0 to update, 0 to replace, 0 to delete", "", "No changes."], _harness.Console.Lines);
    }
}
