using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Infra.Release.Tests.Commands;

/// <summary>`release status` over a fake engine and a fake server that answers as Docker, the helpers and the backup record would.</summary>
public sealed class StatusTests : IDisposable
{
    private readonly Harness _harness = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly HashSet<string> _missing = [];
    private string _proxySlot = "blue";
    private ShellResult? _recordsAnswer;
    private string _lastStatus = "time=2026-11-22T03:15:40Z\nresult=ok\nmessage=backed up databases db\npid=812\nsize_bytes=1288490189\nadded_bytes=36700160\n";

    // As infra-wal-ship writes it for db every 15 s.
    private string _lastWal = "time=2026-11-22T09:59:50Z\nresult=ok\npending_segments=0\npending_mib=0.0\nmessage=WAL shipped; 0 segment(s) waiting\n";

    public StatusTests()
    {
        TestReleases.DeployV2ToGreen(_harness.Engine);
        _harness.Shell = new FakeServerShell(Answer);
    }

    public void Dispose() => _harness.Dispose();

    private Task<int> RunAsync(params string[] args)
    {
        var services = _harness.Services with { Clock = _clock, RunIds = () => "run1" };
        return ReleaseCli.Build(services, _clock).Parse(args).InvokeAsync();
    }

    private ShellResult Answer(IReadOnlyList<string> command)
    {
        var line = string.Join(' ', command);
        if (command[0] == "docker" && command[1] == "inspect")
        {
            var found = command.Skip(2).Where(name => !_missing.Contains(name)).Select(Inspected);
            return new ShellResult(_missing.Count == 0 ? 0 : 1, new JsonArray([.. found]).ToJsonString(), string.Concat(_missing.Select(m => $"Error: No such object: {m}\n")));
        }

        if (line.Contains("--name staging_status-run1 --user 0 --entrypoint bash --network infra-staging ", StringComparison.Ordinal))
        {
            return new ShellResult(0, "web-blue 200\napi-blue 200\nweb-green 200\napi-green 503\n", "");
        }

        if (line.Contains("--name staging_proxy-query-run1 --user 0 --entrypoint bash --network container:staging_proxy ", StringComparison.Ordinal))
        {
            var other = _proxySlot == "blue" ? "green" : "blue";
            return new ShellResult(0, $"""
                1
                # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
                3 web 1 {_proxySlot} 172.18.0.5 2 0 1 1 20 6 3 4 6 0 0 0 web-{_proxySlot} 3000 - 0 0 - - 0
                3 web 2 {other} 172.18.0.6 2 5 1 1 20 6 3 4 6 0 0 0 web-{other} 3000 - 0 0 - - 0
                4 api 1 {_proxySlot} 172.18.0.7 2 0 1 1 20 6 3 4 6 0 0 0 api-{_proxySlot} 8000 - 0 0 - - 0
                4 api 2 {other} 172.18.0.8 2 5 1 1 20 6 3 4 6 0 0 0 api-{other} 8000 - 0 0 - - 0

                """, "");
        }

        // As the installed restore script prints the backup's records on a droplet, as root.
        if (line == "sudo /usr/local/sbin/infra-restore records last-status last-wal-db")
        {
            return _recordsAnswer ?? new ShellResult(0, $"== last-status\n{_lastStatus}== last-wal-db\n{_lastWal}", "");
        }

        throw new InvalidOperationException($"status ran an unexpected command: {line}");
    }

    private static JsonNode Inspected(string name)
    {
        var release = name.EndsWith("-blue", StringComparison.Ordinal) ? "2026.11.20-1" : name.EndsWith("-green", StringComparison.Ordinal) ? "2026.11.22-1" : null;
        var health = name.Contains("worker", StringComparison.Ordinal) || name is "staging_db" or "staging_cache" ? new JsonObject { ["Status"] = "healthy" } : null;
        return new JsonObject
        {
            ["Name"] = "/" + name,
            ["Image"] = "sha256:" + new string('a', 64),
            ["State"] = new JsonObject { ["Status"] = "running", ["StartedAt"] = "2026-11-22T08:00:00.5Z", ["Health"] = health },
            ["Config"] = new JsonObject { ["Image"] = "ghcr.io/acme/x", ["Labels"] = release is null ? null : new JsonObject { ["infra.release"] = release } },
        };
    }

    [Fact]
    public async Task Shows_every_slot_the_proxys_slot_accessories_and_backup_in_tables_and_exits_1_on_a_failing_health_path()
    {
        var exit = await RunAsync("status", "--stack", "staging");

        Assert.Equal(1, exit);
        Assert.Equal(
        string.Join("\n", [
            "stack 'staging': the stack says blue takes traffic; the proxy says blue",
            "",
            "SERVICE  SLOT         VERSION       DIGEST               STATE    HEALTH   STARTED",
            "web      blue (live)  2026.11.20-1  sha256:aaaaaaaaaaaa  running  200      2026-11-22 08:00 UTC (1h59m ago)",
            "api      blue (live)  2026.11.20-1  sha256:aaaaaaaaaaaa  running  200      2026-11-22 08:00 UTC (1h59m ago)",
            "worker   blue (live)  2026.11.20-1  sha256:aaaaaaaaaaaa  running  healthy  2026-11-22 08:00 UTC (1h59m ago)",
            "web      green        2026.11.22-1  sha256:aaaaaaaaaaaa  running  200      2026-11-22 08:00 UTC (1h59m ago)",
            "api      green        2026.11.22-1  sha256:aaaaaaaaaaaa  running  503      2026-11-22 08:00 UTC (1h59m ago)",
            "worker   green        2026.11.22-1  sha256:aaaaaaaaaaaa  running  healthy  2026-11-22 08:00 UTC (1h59m ago)",
            "",
            "ROUTE  PROXY SENDS TO  STACK SAYS",
            "web    blue            blue",
            "api    blue            blue",
            "",
            "ACCESSORY  KIND      STATE    HEALTH   STARTED",
            "db         postgres  running  healthy  2026-11-22 08:00 UTC (1h59m ago)",
            "cache      redis     running  healthy  2026-11-22 08:00 UTC (1h59m ago)",
            "",
            "WAL ARCHIVING  STATE  BEHIND                LAST RUN                        MESSAGE",
            "db             ok     0 segments / 0.0 MiB  2026-11-22 09:59 UTC (10s ago)  WAL shipped; 0 segment(s) waiting",
            "",
            "BACKUP  WHEN                  AGE    SIZE                    NEXT DUE              MESSAGE",
            "ok      2026-11-22 03:15 UTC  6h44m  1.2 GiB (35.0 MiB new)  2026-11-23 03:15 UTC  backed up databases db",
            "",
            "the live slot blue of stack 'staging' has no pinned settings (written by hand): its containers keep the settings they were created with, and edits of infra:services or secrets reach traffic only by `release deploy --stack staging` into the idle slot, then `release promote`, which pins them.",
            "",
            "1 problem(s):",
            "  - api (green): GET /health answered 503",
        ]), string.Join("\n", _harness.Console.Lines));
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task Json_carries_the_same_verdicts_for_machines()
    {
        _proxySlot = "green";
        _clock.Advance(TimeSpan.FromDays(1));

        var exit = await RunAsync("status", "--stack", "staging", "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(string.Join("\n", _harness.Console.Lines));
        var root = json.RootElement;
        Assert.False(root.GetProperty("healthy").GetBoolean());
        Assert.Equal(("blue", "green"), (root.GetProperty("configuredSlot").GetString(), root.GetProperty("proxySlot").GetString()));
        Assert.Equal(6, root.GetProperty("slots").GetArrayLength());
        Assert.Equal("staging_api-green", root.GetProperty("slots")[4].GetProperty("container").GetString());
        Assert.True(root.GetProperty("backup").GetProperty("missed").GetBoolean());
        Assert.Equal(110_660, root.GetProperty("backup").GetProperty("ageSeconds").GetInt64());
        Assert.Equal((1_288_490_189, 36_700_160), (root.GetProperty("backup").GetProperty("sizeBytes").GetInt64(), root.GetProperty("backup").GetProperty("addedBytes").GetInt64()));
        Assert.Equal(
        [
            "api (green): GET /health answered 503",
            "route web: the proxy sends it to green, the stack says blue",
            "route api: the proxy sends it to green, the stack says blue",
            "accessory db: infra-wal-ship last recorded a run at 2026-11-22 09:59 UTC (24h00m ago; it runs every 15 s)",
            "backup: the run due at 2026-11-23 03:15 UTC is missing; the last record is ok at 2026-11-22 03:15 UTC",
        ], root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
    }

    /// <summary>Issue 13: WAL archiving behind shows per PostgreSQL accessory, in the table and the JSON, and fails the status.</summary>
    [Fact]
    public async Task Wal_archiving_behind_shows_per_accessory_and_exits_1()
    {
        _lastWal = "time=2026-11-22T09:59:45Z\nresult=behind\npending_segments=3\npending_mib=48.0\n"
            + "message=WAL archiving behind by 3 segments / 48.0 MiB: shipping the WAL of 'db' failed (restic exit 1): Fatal: unable to open repository\n";

        Assert.Equal(1, await RunAsync("status", "--stack", "staging"));
        var lines = _harness.Console.Lines;
        var header = lines.ToList().IndexOf(lines.Single(l => l.StartsWith("WAL ARCHIVING", StringComparison.Ordinal)));
        Assert.Equal(
            "db             behind  3 segments / 48.0 MiB  2026-11-22 09:59 UTC (15s ago)  WAL archiving behind by 3 segments / 48.0 MiB: shipping the WAL of 'db' failed (restic exit 1): Fatal: unable to open repository",
            lines[header + 1]);
        Assert.Contains("  - accessory db: WAL archiving behind by 3 segments / 48.0 MiB: shipping the WAL of 'db' failed (restic exit 1): Fatal: unable to open repository", lines);

        _harness.Console.Lines.Clear();
        Assert.Equal(1, await RunAsync("status", "--stack", "staging", "--json"));
        using var json = JsonDocument.Parse(string.Join("\n", _harness.Console.Lines));
        var wal = Assert.Single(json.RootElement.GetProperty("walArchiving").EnumerateArray());
        Assert.Equal(("db", "behind", 3, 48.0m, 15L), (wal.GetProperty("accessory").GetString(), wal.GetProperty("state").GetString(),
            wal.GetProperty("pendingSegments").GetInt32(), wal.GetProperty("pendingMib").GetDecimal(), wal.GetProperty("ageSeconds").GetInt64()));
    }

    [Fact]
    public async Task Records_the_host_cannot_read_are_one_problem_each_naming_the_read_and_its_error()
    {
        _recordsAnswer = new ShellResult(1, "", "sudo: /usr/local/sbin/infra-restore: command not found\n");

        Assert.Equal(1, await RunAsync("status", "--stack", "staging"));
        Assert.Contains("  - accessory db: cannot read its WAL archiving record: infra-restore records: sudo: /usr/local/sbin/infra-restore: command not found", _harness.Console.Lines);
        Assert.Contains("  - backup: cannot read its last-status record: infra-restore records: sudo: /usr/local/sbin/infra-restore: command not found", _harness.Console.Lines);
    }

    [Fact]
    public async Task Records_not_written_yet_are_never_ran()
    {
        _recordsAnswer = new ShellResult(0, "== last-status\n== last-wal-db\n", "");

        Assert.Equal(1, await RunAsync("status", "--stack", "staging", "--json"));
        using var json = JsonDocument.Parse(string.Join("\n", _harness.Console.Lines));
        Assert.Equal("never ran", json.RootElement.GetProperty("backup").GetProperty("result").GetString());
        Assert.Equal("never ran", json.RootElement.GetProperty("walArchiving")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_missing_proxy_is_reported_without_asking_its_runtime_api()
    {
        _missing.Add("staging_proxy");

        Assert.Equal(1, await RunAsync("status", "--stack", "staging"));
        Assert.Contains("  - proxy: container staging_proxy is missing, so no route reaches the stack", _harness.Console.Lines);
        Assert.DoesNotContain(_harness.Shell.Commands, c => c.Contains("proxy-query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_exit_1()
    {
        _harness.Shell = new FakeServerShell(_ => throw new ReleaseRefusal("cannot reach the server root@127.0.0.1 over SSH: ssh: connect to host 127.0.0.1 port 22: Connection refused"));

        Assert.Equal(1, await RunAsync("status", "--stack", "staging"));
        Assert.Equal(["cannot reach the server root@127.0.0.1 over SSH: ssh: connect to host 127.0.0.1 port 22: Connection refused"], _harness.Console.Errors);
        Assert.Empty(_harness.Console.Lines);
    }

    [Fact]
    public async Task An_unknown_stack_is_refused_before_anything_runs()
    {
        Assert.Equal(1, await RunAsync("status", "--stack", "qa"));
        Assert.Equal(["unknown stack 'qa'; use one of local, staging, prod"], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
    }
}
