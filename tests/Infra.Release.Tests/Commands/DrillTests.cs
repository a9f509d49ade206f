using Infra.Release.Backups;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class DrillTests : IDisposable
{
    private readonly Harness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static FakeServerShell Server(string scratchCounts) => new(command => string.Join(' ', command) switch
    {
        var c when c.Contains("-d app ", StringComparison.Ordinal) && c.Contains("count(*)", StringComparison.Ordinal) => new ShellResult(0, "public.orders=12\npublic.users=3\n", ""),
        var c when c.Contains("count(*)", StringComparison.Ordinal) => new ShellResult(0, scratchCounts, ""),
        _ => new ShellResult(0, "", ""),
    });

    [Fact]
    public async Task Prod_is_refused()
    {
        Assert.Equal(1, await _harness.RunAsync("drill", "--stack", "prod"));
        Assert.Equal(["the drill changes the stack for real and never runs on prod; use staging or local"], _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task Runs_the_whole_cycle_and_reports_each_step()
    {
        _harness.Healthy(_harness.Preview);
        _harness.Shell = Server("public.orders=12\npublic.users=3\n");

        var exit = await _harness.RunAsync("drill", "--stack", "staging");

        Assert.True(exit == 0, string.Join("\n", _harness.Console.Errors.Concat(_harness.Console.Lines)));
        Assert.Equal(
        [
            "set secret infra:greenSlotSecrets",
            "set infra:release.slots.green.version = 2026.11.20-1",
            "set infra:release.slots.green.images.api = ghcr.io/acme/api@sha256:a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1",
            "set infra:release.slots.green.images.web = ghcr.io/acme/web@sha256:5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d",
            "set infra:release.slots.green.images.worker = ghcr.io/acme/api@sha256:a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1",
            "set infra:greenSlotServices (whole value)",
            "up",
            "set infra:release.activeSlot = green",
            "up",
            "set infra:release.activeSlot = blue",
            "up",
        ], _harness.Engine.Calls);
        var scratch = _harness.Shell.Commands[1].Split(' ')[^1];
        Assert.Matches("^drill_[0-9]{14}$", scratch);
        var recovered = _harness.Shell.Commands[5].Split(' ')[^1];
        Assert.Matches("^drill_pitr_[0-9]{14}$", recovered);
        var db = new Infra.Domain.Hosting.DockerNames("staging").Container("db");
        Assert.Equal(
        [
            "sudo /usr/local/sbin/infra-backup",
            $"sudo /usr/local/sbin/infra-restore database db latest {scratch}",
            $"docker exec {db} psql -U app -d app -At -v ON_ERROR_STOP=1 -c {BackupCommands.RowCountsSql}",
            $"docker exec {db} psql -U app -d {scratch} -At -v ON_ERROR_STOP=1 -c {BackupCommands.RowCountsSql}",
            $"docker exec {db} psql -U app -d postgres -v ON_ERROR_STOP=1 -c DROP DATABASE IF EXISTS \"{scratch}\"",
            $"sudo /usr/local/sbin/infra-restore database db --to latest {recovered}",
            $"docker exec {db} psql -U app -d app -At -v ON_ERROR_STOP=1 -c {BackupCommands.RowCountsSql}",
            $"docker exec {db} psql -U app -d {recovered} -At -v ON_ERROR_STOP=1 -c {BackupCommands.RowCountsSql}",
            $"docker exec {db} psql -U app -d postgres -v ON_ERROR_STOP=1 -c DROP DATABASE IF EXISTS \"{recovered}\"",
        ], _harness.Shell.Commands);
        Assert.Equal(
        [
            "STEP             RESULT  DETAIL",
            "deploy           PASS    2026.11.20-1 healthy in slot green",
            "promote          PASS    green takes traffic and stayed healthy",
            "rollback         PASS    blue takes traffic again",
            "backup           PASS    infra-backup succeeded",
            $"restore          PASS    latest snapshot of 'db' restored into scratch database {scratch}",
            "compare          PASS    2 table(s), same row counts",
            $"restore-to-time  PASS    'db' recovered to the end of its shipped WAL into scratch database {recovered}",
            "compare-to-time  PASS    2 table(s), same row counts",
            "drill PASSED",
        ], _harness.Console.Lines.SkipWhile(l => !l.StartsWith("STEP", StringComparison.Ordinal)));
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_restored_copy_that_differs_fails_the_drill_and_a_failed_deploy_skips_the_switches()
    {
        _harness.Shell = Server("public.orders=11\npublic.users=3\n");
        _harness.Preview.Answer(Harness.Probe("green", "web"), 503);

        var exit = await _harness.RunAsync("drill", "--stack", "staging");

        Assert.Equal(1, exit);
        var scratch = _harness.Shell.Commands[1].Split(' ')[^1];
        var recovered = _harness.Shell.Commands[5].Split(' ')[^1];
        Assert.Equal(
        [
            "STEP             RESULT   DETAIL",
            "deploy           FAIL     2026.11.20-1 not healthy in the idle slot",
            "promote          SKIPPED  deploy failed",
            "rollback         SKIPPED  deploy failed",
            "backup           PASS     infra-backup succeeded",
            $"restore          PASS     latest snapshot of 'db' restored into scratch database {scratch}",
            "compare          FAIL     row counts differ: public.orders",
            $"restore-to-time  PASS     'db' recovered to the end of its shipped WAL into scratch database {recovered}",
            "compare-to-time  FAIL     row counts differ: public.orders",
            "drill FAILED",
        ], _harness.Console.Lines.SkipWhile(l => !l.StartsWith("STEP", StringComparison.Ordinal)));
        // The deploy's writes and its one update; nothing after the failed deploy.
        Assert.Equal(7, _harness.Engine.Calls.Count);
        Assert.Equal("up", _harness.Engine.Calls[^1]);
    }
}
