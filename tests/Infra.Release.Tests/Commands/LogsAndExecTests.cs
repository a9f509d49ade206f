using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

/// <summary>`release logs` and `release exec` over a fake engine and a fake server that knows some containers.</summary>
public sealed class LogsAndExecTests : IDisposable
{
    private readonly Harness _harness = new();
    private readonly Dictionary<string, string> _containers = new()
    {
        ["staging_api-blue"] = "running",
        ["staging_api-green"] = "exited",
        ["staging_db"] = "running",
    };

    public LogsAndExecTests()
    {
        TestReleases.DeployV2ToGreen(_harness.Engine);
        _harness.Engine.PinSlot("green");
        _harness.Engine.SecretValues["infra:greenSlotSecrets"] = """{"apiJwtSecret":"jwt-green","cachePassword":"cache-green","dbPassword":"db-green"}""";
        _harness.Shell = new FakeServerShell(Answer);
    }

    public void Dispose() => _harness.Dispose();

    private Task<int> RunAsync(params string[] args) =>
        ReleaseCli.Build(_harness.Services with { RunIds = () => "run1" }, TimeProvider.System).Parse(args).InvokeAsync();

    private ShellResult Answer(IReadOnlyList<string> command) => command switch
    {
        ["docker", "inspect", var name] when _containers.TryGetValue(name, out var state) =>
            new ShellResult(0, "[{\"Name\":\"/" + name + "\",\"Image\":\"sha256:1\",\"State\":{\"Status\":\"" + state + "\",\"StartedAt\":\"2026-11-22T08:00:00Z\"},\"Config\":{\"Image\":\"x\",\"Labels\":{}}}]", ""),
        ["docker", "inspect", var name] => new ShellResult(1, "[]\n", $"Error: No such object: {name}\n"),
        ["docker", "create", ..] => new ShellResult(0, "0123abcd\n", ""),
        ["docker", "rm", ..] => new ShellResult(0, "", ""),
        _ => throw new InvalidOperationException($"unexpected command: {string.Join(' ', command)}"),
    };

    [Fact]
    public async Task Logs_of_a_service_read_the_active_slots_container_on_its_host()
    {
        _harness.Shell.AttachedExit = 0;

        Assert.Equal(0, await RunAsync("logs", "api", "--stack", "staging", "--since", "10m", "--tail", "50", "--follow"));
        Assert.Equal(["docker inspect staging_api-blue", "docker logs --since 10m --tail 50 --follow staging_api-blue"], _harness.Shell.Commands);
        Assert.Equal([("docker logs --since 10m --tail 50 --follow staging_api-blue", false)], _harness.Shell.Attached);
    }

    [Fact]
    public async Task Logs_of_an_accessory_take_no_slot()
    {
        Assert.Equal(0, await RunAsync("logs", "db", "--stack", "staging", "--tail", "5"));
        Assert.Equal([("docker logs --tail 5 staging_db", false)], _harness.Shell.Attached);
    }

    [Theory]
    [InlineData(new[] { "logs", "nope", "--stack", "staging" }, "stack 'staging' has no service or accessory 'nope'; services: web, api, worker; accessories: db, cache; or proxy")]
    [InlineData(new[] { "logs", "api", "--stack", "staging", "--slot", "teal" }, "--slot 'teal' is not a slot; use active, idle, blue, green")]
    [InlineData(new[] { "logs", "web", "--stack", "staging" }, "container staging_web-blue (service 'web' in slot blue (release 2026.11.20-1)) does not exist on the engine of stack 'staging'; see `release status --stack staging`")]
    [InlineData(new[] { "logs", "api", "--stack", "staging", "--since", "an hour" }, "--since 'an hour' is neither a duration (e.g. 10m, 1h30m, 45s) nor a time (e.g. 2026-12-01T09:00:00Z)")]
    [InlineData(new[] { "exec", "db", "--stack", "staging", "--", "psql" }, "stack 'staging' has no service 'db'; its services: web, api, worker")]
    [InlineData(new[] { "exec", "api", "--stack", "staging" }, "name the command to run after --, e.g. `release exec api --stack prod -- bin/console`")]
    [InlineData(new[] { "exec", "api", "--stack", "staging", "--slot", "idle", "--reuse", "--", "sh" }, "container staging_api-green (service 'api' in slot green (release 2026.11.22-1)) is exited; run without --reuse for a new container")]
    [InlineData(new[] { "logs", "db", "--stack", "staging", "--slot", "blue" }, "--slot applies to services; accessory 'db' runs in no slot")]
    [InlineData(new[] { "logs", "proxy", "--stack", "staging" }, "container staging_proxy (the proxy) does not exist on the engine of stack 'staging'; see `release status --stack staging`")]
    [InlineData(new[] { "logs", "cache", "--stack", "staging" }, "container staging_cache (accessory 'cache') does not exist on the engine of stack 'staging'; see `release status --stack staging`")]
    [InlineData(new[] { "exec", "nope", "--stack", "staging", "--", "sh" }, "stack 'staging' has no service 'nope'; its services: web, api, worker")]
    [InlineData(new[] { "exec", "api", "--stack", "staging", "--slot", "teal", "--", "sh" }, "--slot 'teal' is not a slot; use active, idle, blue, green")]
    [InlineData(new[] { "exec", "web", "--stack", "staging", "--reuse", "--", "sh" }, "container staging_web-blue (service 'web' in slot blue (release 2026.11.20-1)) does not exist on the engine of stack 'staging'; see `release status --stack staging`")]
    public async Task Bad_input_is_one_line_exit_1_and_changes_nothing(string[] args, string error)
    {
        Assert.Equal(1, await RunAsync(args));
        Assert.Equal([error], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Attached);
        Assert.DoesNotContain(_harness.Shell.Commands, c => !c.StartsWith("docker inspect", StringComparison.Ordinal));
        Assert.Empty(_harness.Engine.Calls);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task Exec_creates_a_container_of_the_slot_with_its_pinned_secrets_on_stdin_attaches_and_removes_it()
    {
        _harness.Shell.AttachedExit = 3;

        var exit = await RunAsync("exec", "api", "--stack", "staging", "--slot", "green", "--", "node", "dist/console.js", "--verbose");

        Assert.Equal(3, exit);
        Assert.Equal(
        [
            $"docker create --rm --interactive --name staging_api-green-exec-run1 --network infra-staging --env-file /dev/stdin --label infra.exec=api-green {TestReleases.ApiV2} node dist/console.js --verbose",
            "docker start --attach --interactive staging_api-green-exec-run1",
            "docker rm --force staging_api-green-exec-run1",
        ], _harness.Shell.Commands);
        Assert.Equal(
            "DATABASE_HOST=db\nDATABASE_PASSWORD=db-green\nJWT_SECRET=jwt-green\nPORT=8000\nREDIS_HOST=cache\nREDIS_PASSWORD=cache-green\n",
            _harness.Shell.Inputs[0]);
        Assert.DoesNotContain(_harness.Shell.Commands, c => c.Contains("green\n", StringComparison.Ordinal) || c.Contains("jwt-green", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exec_with_reuse_runs_in_the_running_container()
    {
        Assert.Equal(0, await RunAsync("exec", "api", "--stack", "staging", "--reuse", "--", "sh", "-c", "env"));
        Assert.Equal(["docker inspect staging_api-blue", "docker exec --interactive staging_api-blue sh -c env"], _harness.Shell.Commands);
    }
}
