using Infra.Release.Engine;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class PreviewTests : IDisposable
{
    private const string Stack = "urn:pulumi:staging::infra::pulumi:pulumi:Stack::infra-staging";
    private const string Db = "urn:pulumi:staging::infra::infra:components:Accessory::db";
    private const string WebBlue = "urn:pulumi:staging::infra::infra:components:ContainerService::web-blue";
    private const string WebGreen = "urn:pulumi:staging::infra::infra:components:ContainerService::web-green";
    private const string ApiGreen = "urn:pulumi:staging::infra::infra:components:ContainerService::api-green";
    private const string Proxy = "urn:pulumi:staging::infra::infra:components:EdgeProxy::proxy";
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
            **Warning: 2 change(s) would restart a container that takes traffic or reload the proxy:** db (accessory, replace), web-blue (live slot blue, update). Changes reach the live slot only by `release deploy` and `release promote`; a proxy reload (new routes, a new certificate) hands every connection to new processes.

            ### Accessory db

            | Change | Resource | Type | Stateful | Protected | Traffic | Properties |
            |---|---|---|---|---|---|---|
            | replace | db | `docker:index/container:Container` | accessory container | yes | accessory | image |

            ### ContainerService web-blue

            | Change | Resource | Type | Stateful | Protected | Traffic | Properties |
            |---|---|---|---|---|---|---|
            | update | web-blue | `docker:index/container:Container` |  | no | live slot blue | image |
            | create | web-blue-image | `docker:index/remoteImage:RemoteImage` |  | no |  |  |

            ### Server server

            | Change | Resource | Type | Stateful | Protected | Traffic | Properties |
            |---|---|---|---|---|---|---|
            | update | server-firewall | `digitalocean:index/firewall:Firewall` |  | no |  | inboundRules |

            ### Pending configuration

            the live slot blue of stack 'staging' has no pinned settings (written by hand): its containers keep the settings they were created with, and edits of infra:services or secrets reach traffic only by `release deploy --stack staging` into the idle slot, then `release promote`, which pins them.

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
    public async Task Replacing_an_idle_slot_container_is_neither_destructive_nor_traffic()
    {
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Replace, WebGreen, "docker:index/container:Container", "web-green", keys: ["image"]));

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains("No stateful resource would be replaced or deleted.", _harness.Console.Lines);
        Assert.Contains("No container that takes traffic (live slot, proxy, accessories) would be restarted, and the proxy would not reload.", _harness.Console.Lines);
    }

    [Theory]
    [InlineData(WebBlue, "web-blue", StepOp.Replace, "live slot blue")]
    [InlineData(WebBlue, "web-blue", StepOp.Delete, "live slot blue")]
    [InlineData(Proxy, "proxy", StepOp.Replace, "proxy")]
    [InlineData(Db, "db", StepOp.Update, "accessory")]
    public async Task A_restart_of_a_container_taking_traffic_fails_the_preview_unless_allowed(string parent, string name, StepOp op, string kind)
    {
        _harness.Engine.PreviewSteps.Add(Step(op, parent, "docker:index/container:Container", name, diffs: ["envs"]));

        Assert.Equal(3, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains(_harness.Console.Lines, line => line.StartsWith($"**Warning: 1 change(s) would restart a container that takes traffic or reload the proxy:** {name} ({kind}, ", StringComparison.Ordinal));
        Assert.Equal([$"1 change(s) would restart a container taking traffic or reload the proxy ({name}); roll the change out through the idle slot (`release deploy`, then `release promote`), or if a restart or reload is intended, re-run with --allow-traffic"], _harness.Console.Errors);

        _harness.Console.Lines.Clear();
        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging", "--allow-traffic"));
        Assert.Contains($"allowed by --allow-traffic: {name}", _harness.Console.Lines);
    }

    [Fact]
    public async Task A_certificate_renewal_fails_the_preview_for_its_proxy_reload_unless_allowed()
    {
        const string originTls = "urn:pulumi:staging::infra::infra:components:EdgeProxy$infra:components:OriginTls::proxy-tls";
        _harness.Engine.PreviewSteps.AddRange(
        [
            Step(StepOp.Replace, originTls, "command:remote:Command", "proxy-tls-key", keys: ["triggers"]),
            Step(StepOp.Replace, originTls, "command:remote:Command", "proxy-tls-install", keys: ["triggers"]),
        ]);

        Assert.Equal(3, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains(_harness.Console.Lines, line => line.StartsWith("**Warning: 1 change(s) would restart a container that takes traffic or reload the proxy:** proxy-tls-install (proxy reload, replace)", StringComparison.Ordinal));

        _harness.Console.Lines.Clear();
        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging", "--allow-traffic"));
        Assert.Contains("allowed by --allow-traffic: proxy-tls-install", _harness.Console.Lines);
    }

    [Fact]
    public async Task A_pure_release_into_the_idle_slot_flags_nothing()
    {
        _harness.Engine.PreviewSteps.AddRange(
        [
            Step(StepOp.Create, WebGreen, "docker:index/remoteImage:RemoteImage", "web-green-image"),
            Step(StepOp.Create, WebGreen, "docker:index/container:Container", "web-green"),
            Step(StepOp.Replace, ApiGreen, "docker:index/container:Container", "api-green", keys: ["image"]),
            Step(StepOp.Replace, Proxy, "command:remote:Command", "proxy-switch", keys: ["triggers"]),
        ]);

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Contains("No container that takes traffic (live slot, proxy, accessories) would be restarted, and the proxy would not reload.", _harness.Console.Lines);
        Assert.Empty(_harness.Console.Errors);
    }

    [Fact]
    public async Task No_changes_says_so()
    {
        _harness.Engine.PinSlot("blue");
        _harness.Engine.PreviewSteps.Add(Step(StepOp.Same, Stack, "infra:components:Server", "server"));

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));
        Assert.Equal(["## Preview of stack `staging`: 0 to create, 0 to update, 0 to replace, 0 to delete", "", "No changes."], _harness.Console.Lines);
    }

    [Fact]
    public async Task Pending_configuration_names_services_and_keys_never_values()
    {
        _harness.Engine.PinSlot("blue");
        _harness.Engine.Edit("infra:services", services =>
        {
            services[1]!["env"]!.AsObject()["FEATURE_X"] = "on";
            services[0]!["memoryMb"] = 384;
        });
        _harness.Engine.SecretValues["infra:apiJwtSecret"] = "rotated-jwt";

        Assert.Equal(0, await _harness.RunAsync("preview", "--stack", "staging"));

        var lines = _harness.Console.Lines.SelectMany(l => l.Split('\n')).ToList();
        Assert.Contains("pending configuration for stack 'staging': the live slot blue runs with settings that differ from the stack file in:", lines);
        Assert.Contains("  api: env.FEATURE_X, secret value of JWT_SECRET (apiJwtSecret)", lines);
        Assert.Contains("  web: memoryMb", lines);
        Assert.Contains("they reach traffic only through a release: `release deploy --stack staging <release-file>` (into the idle slot, health-checked there), then `release promote --stack staging`.", lines);
        Assert.DoesNotContain(lines, line => line.Contains("rotated-jwt", StringComparison.Ordinal) || line.Contains("value-of-", StringComparison.Ordinal));
    }
}
