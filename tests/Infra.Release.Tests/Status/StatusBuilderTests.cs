using Infra.Domain.Releases;
using Infra.Domain.Settings;
using Infra.Release.Hosts;
using Infra.Release.Status;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Status;

/// <summary>The status of the staging stack (web, api, worker; db, cache; blue live, green holding the next release) from what was read.</summary>
public class StatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Started = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static readonly StackSettings Staging = TestStacks.StagingWithGreen();

    private static ContainerFacts Running(string name, string? release = null, string? health = null) =>
        new(name, "running", health, Started, "ghcr.io/acme/x", "sha256:" + new string('e', 64),
            release is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["infra.release"] = release });

    private static Dictionary<string, ContainerFacts> AllRunning() => new[]
        {
            Running("staging_web-blue", "2026.11.20-1"), Running("staging_api-blue", "2026.11.20-1"), Running("staging_worker-blue", "2026.11.20-1", "healthy"),
            Running("staging_web-green", "2026.11.22-1"), Running("staging_api-green", "2026.11.22-1"), Running("staging_worker-green", "2026.11.22-1", "healthy"),
            Running("staging_db", health: "healthy"), Running("staging_cache", health: "healthy"), Running("staging_proxy"),
            Running("staging_backup-schedule"),
        }.ToDictionary(c => c.Name);

    private static readonly Dictionary<string, int> AllAnswer200 = new() { ["web-blue"] = 200, ["api-blue"] = 200, ["web-green"] = 200, ["api-green"] = 200 };

    /// <summary>The proxy as a switch to <paramref name="live"/> leaves it: live ready, the other in maintenance, in the public and preview backends.</summary>
    private static List<ProxyServer> ProxyOn(string live) =>
    [
        .. new[] { "web", "api" }.SelectMany(backend => new[]
        {
            new ProxyServer(backend, live, 2, 0), new ProxyServer(backend, Slots.Other(live), 2, 1),
            new ProxyServer($"{backend}_preview", live, 2, 1), new ProxyServer($"{backend}_preview", Slots.Other(live), 2, 0),
        }),
    ];

    private static StatusInputs Inputs(
        Dictionary<string, ContainerFacts>? containers = null,
        Dictionary<string, int>? probes = null,
        List<ProxyServer>? proxy = null,
        string? proxyError = null,
        BackupReading? backup = null,
        DateTimeOffset? now = null) =>
        new(Staging, containers ?? AllRunning(), probes ?? AllAnswer200, proxyError is null ? proxy ?? ProxyOn(Slots.Blue) : null, proxyError,
            backup ?? new BackupReading(new BackupRecord(new DateTimeOffset(2026, 11, 22, 3, 15, 40, TimeSpan.Zero), "ok", "backed up databases db")),
            new PendingChanges(Slots.Blue, LiveSlotPinned: true, []), now ?? Now);

    [Fact]
    public void Everything_running_answering_and_routed_to_the_live_slot_is_healthy()
    {
        var status = StatusBuilder.Build(Inputs());

        Assert.Empty(status.Problems);
        Assert.True(status.Healthy);
        Assert.Equal(("blue", "blue"), (status.ConfiguredSlot, status.ProxySlot));
        Assert.Equal(
        [
            ("web", "blue", true, "2026.11.20-1", "running", "200"),
            ("api", "blue", true, "2026.11.20-1", "running", "200"),
            ("worker", "blue", true, "2026.11.20-1", "running", "healthy"),
            ("web", "green", false, "2026.11.22-1", "running", "200"),
            ("api", "green", false, "2026.11.22-1", "running", "200"),
            ("worker", "green", false, "2026.11.22-1", "running", "healthy"),
        ], status.Slots.Select(s => (s.Service, s.Slot, s.Active, s.Version, s.State, s.Health)));
        Assert.Equal([new RouteStatus("web", "blue", "blue", null), new RouteStatus("api", "blue", "blue", null)], status.Routes);
        Assert.Equal([("db", "postgres", "running", "healthy"), ("cache", "redis", "running", "healthy")], status.Accessories.Select(a => (a.Name, a.Kind, a.State, a.Health)));
        Assert.Equal(new BackupStatus("ok", new DateTimeOffset(2026, 11, 22, 3, 15, 40, TimeSpan.Zero), new TimeSpan(6, 44, 20), "backed up databases db", new DateTimeOffset(2026, 11, 23, 3, 15, 0, TimeSpan.Zero), false, null), status.Backup);
    }

    [Fact]
    public void A_proxy_that_sends_traffic_elsewhere_than_the_stack_says_is_a_problem_per_route()
    {
        var status = StatusBuilder.Build(Inputs(proxy: ProxyOn(Slots.Green)));

        Assert.Equal("green", status.ProxySlot);
        Assert.Equal(
        [
            "route web: the proxy sends it to green, the stack says blue",
            "route api: the proxy sends it to green, the stack says blue",
        ], status.Problems);
    }

    [Fact]
    public void A_route_in_both_slots_in_none_or_on_a_server_that_is_down_is_named()
    {
        var proxy = ProxyOn(Slots.Blue);
        proxy[1] = new ProxyServer("web", "green", 2, 0);
        proxy[4] = new ProxyServer("api", "blue", 0, 32);

        var status = StatusBuilder.Build(Inputs(proxy: proxy));

        Assert.Null(status.ProxySlot);
        Assert.Equal(
        [
            "route web: the proxy sends it to blue and green at once",
            "route api: the proxy's server api/blue is down (its address does not resolve)",
        ], status.Problems);
    }

    [Fact]
    public void An_unreadable_proxy_is_one_problem_and_leaves_the_routes_unknown()
    {
        var status = StatusBuilder.Build(Inputs(proxyError: "container staging_proxy is exited, so no route reaches the stack"));

        Assert.Null(status.ProxySlot);
        Assert.Equal([null, null], status.Routes.Select(r => r.ProxySlot));
        Assert.Equal(["proxy: container staging_proxy is exited, so no route reaches the stack"], status.Problems);
    }

    [Fact]
    public void Missing_stopped_drifted_and_unhealthy_containers_are_each_named()
    {
        var containers = AllRunning();
        containers.Remove("staging_web-blue");
        containers["staging_worker-blue"] = Running("staging_worker-blue", "2026.11.20-1", "unhealthy");
        containers["staging_api-green"] = Running("staging_api-green", "2026.11.21-3");
        containers["staging_worker-green"] = containers["staging_worker-green"] with { State = "exited" };
        containers["staging_cache"] = Running("staging_cache", health: "starting");
        containers.Remove("staging_db");
        var probes = new Dictionary<string, int>(AllAnswer200) { ["api-blue"] = 503, ["web-green"] = 0 };

        var status = StatusBuilder.Build(Inputs(containers, probes));

        Assert.Equal(
        [
            "web (blue): container staging_web-blue does not exist",
            "api (blue): GET /health answered 503",
            "worker (blue): Docker's healthcheck says unhealthy",
            "web (green): GET /health got no answer within 2 s",
            "api (green): container staging_api-green runs release 2026.11.21-3, the stack says 2026.11.22-1",
            "worker (green): container staging_worker-green is exited",
            "accessory db: container staging_db does not exist",
            "accessory cache: Docker's healthcheck says starting",
        ], status.Problems);
        Assert.Equal(("missing", "-"), (status.Slots[0].State, status.Slots[0].Health));
    }

    [Fact]
    public void An_idle_slot_stopped_by_stopIdle_is_expected_and_not_probed()
    {
        var settings = TestStacks.StagingWithGreen(engine => engine.SetRelease(release => release["stopIdle"] = true));
        var containers = AllRunning();
        foreach (var service in new[] { "web", "api", "worker" })
        {
            containers[$"staging_{service}-green"] = containers[$"staging_{service}-green"] with { State = "exited" };
        }

        var status = StatusBuilder.Build(Inputs(containers) with { Settings = settings, Probes = new Dictionary<string, int> { ["web-blue"] = 200, ["api-blue"] = 200 } });

        Assert.Empty(status.Problems);
        Assert.Equal(["exited (stopIdle)", "exited (stopIdle)", "exited (stopIdle)"], status.Slots.Where(s => s.Slot == "green").Select(s => s.State));
        Assert.Equal(["api-blue", "web-blue"], StatusBuilder.ProbeTargets(settings).Select(p => p.Alias));
    }

    [Fact]
    public void A_failed_backup_and_a_missed_scheduled_run_are_problems()
    {
        var failed = StatusBuilder.Build(Inputs(backup: new BackupReading(new BackupRecord(new DateTimeOffset(2026, 11, 22, 3, 16, 0, TimeSpan.Zero), "failed", "dump of database 'db' failed (exit 1)"))));
        // The 03:15 run of the 21st left a record; the one due on the 22nd at 03:15 never came.
        var missed = StatusBuilder.Build(Inputs(backup: new BackupReading(new BackupRecord(new DateTimeOffset(2026, 11, 21, 3, 15, 40, TimeSpan.Zero), "ok", "backed up databases db"))));
        var withinGrace = StatusBuilder.Build(Inputs(
            backup: new BackupReading(new BackupRecord(new DateTimeOffset(2026, 11, 21, 3, 15, 40, TimeSpan.Zero), "ok", "backed up databases db")),
            now: new DateTimeOffset(2026, 11, 22, 4, 15, 0, TimeSpan.Zero)));

        Assert.Equal(["backup: the last run failed at 2026-11-22 03:16 UTC: dump of database 'db' failed (exit 1)"], failed.Problems);
        Assert.True(missed.Backup.Missed);
        Assert.Equal(["backup: the run due at 2026-11-22 03:15 UTC is missing; the last record is ok at 2026-11-21 03:15 UTC"], missed.Problems);
        Assert.Empty(withinGrace.Problems);
    }

    [Fact]
    public void The_last_backups_size_is_shown_as_its_record_says_and_is_absent_without_one()
    {
        var sized = new BackupRecord(new DateTimeOffset(2026, 11, 22, 3, 15, 40, TimeSpan.Zero), "ok", "backed up databases db") { Size = new BackupSize(31_000_000, 800_000) };

        Assert.Equal(new BackupSize(31_000_000, 800_000), StatusBuilder.Build(Inputs(backup: new BackupReading(sized))).Backup.Size);
        Assert.Null(StatusBuilder.Build(Inputs()).Backup.Size);
        Assert.Null(StatusBuilder.Build(Inputs(backup: BackupReading.None)).Backup.Size);
    }

    [Fact]
    public void A_backup_never_run_is_a_problem_on_every_stack_since_every_stack_runs_it_on_schedule()
    {
        Assert.Equal(["backup: no run has recorded a status yet"], StatusBuilder.Build(Inputs(backup: BackupReading.None)).Problems);
        Assert.Equal(["backup: no run has recorded a status yet"], StatusBuilder.Build(LocalInputs(backup: BackupReading.None)).Problems);
    }

    [Fact]
    public void On_the_local_engine_a_missed_run_is_a_problem_as_on_a_droplet()
    {
        var lastRun = new BackupReading(new BackupRecord(new DateTimeOffset(2026, 11, 20, 3, 15, 40, TimeSpan.Zero), "ok", "backed up databases db"));

        var status = StatusBuilder.Build(LocalInputs(backup: lastRun));

        Assert.True(status.Backup.Missed);
        Assert.Equal(["backup: the run due at 2026-11-21 03:15 UTC is missing; the last record is ok at 2026-11-20 03:15 UTC"], status.Problems);
    }

    [Fact]
    public void On_the_local_engine_status_looks_at_the_backup_scheduler_and_says_when_it_does_not_run()
    {
        Assert.Contains("staging_backup-schedule", StatusBuilder.Containers(Local));
        Assert.DoesNotContain(StatusBuilder.Containers(Staging), c => c.EndsWith("backup-schedule", StringComparison.Ordinal));
        Assert.Empty(StatusBuilder.Build(LocalInputs()).Problems);

        var stopped = AllRunning();
        stopped["staging_backup-schedule"] = stopped["staging_backup-schedule"] with { State = "exited" };
        Assert.Equal(
            ["backup: the scheduler container staging_backup-schedule is exited, so nothing runs the backup or ships WAL on schedule (`docker start staging_backup-schedule`)"],
            StatusBuilder.Build(LocalInputs(containers: stopped)).Problems);

        var missing = AllRunning();
        missing.Remove("staging_backup-schedule");
        Assert.Equal(
            ["backup: the scheduler container staging_backup-schedule does not exist, so nothing runs the backup or ships WAL on schedule (the next deploy creates it)"],
            StatusBuilder.Build(LocalInputs(containers: missing)).Problems);
    }

    /// <summary>The same stack on the local engine: its backup runs in the scheduler container.</summary>
    private static readonly StackSettings Local = Staging with { Environment = DeploymentEnvironment.Local, Server = new ServerSettings { Provider = ServerProviders.Local } };

    private static StatusInputs LocalInputs(Dictionary<string, ContainerFacts>? containers = null, BackupReading? backup = null)
    {
        var running = containers ?? AllRunning();
        return Inputs(containers: running, backup: backup) with { Settings = Local };
    }

    [Fact]
    public void Looks_at_every_slot_container_accessory_and_the_proxy_by_the_stacks_names()
    {
        Assert.Equal(
            ["staging_web-blue", "staging_api-blue", "staging_worker-blue", "staging_web-green", "staging_api-green", "staging_worker-green", "staging_db", "staging_cache", "staging_proxy"],
            StatusBuilder.Containers(Staging));
    }
}
