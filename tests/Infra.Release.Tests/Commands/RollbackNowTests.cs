using Infra.Domain.Validation;
using Infra.Release.Backups;
using Infra.Release.Engine;
using Infra.Release.Rollback;
using Infra.Release.Stacks;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

/// <summary>
/// rollback --now: the previous slot's switch runs on the host before the engine is even selected, then
/// the change is recorded as plain rollback records it; a recording that fails says what runs and what
/// the state says. Green (2026.11.22-1) takes traffic; blue still runs 2026.11.20-1.
/// </summary>
public sealed class RollbackNowTests : IDisposable
{
    private readonly Harness _harness = new();

    /// <summary>What the world looked like when the switch ran on the host.</summary>
    private (int Selections, int Calls, bool Locked)? _atSwitch;

    public RollbackNowTests()
    {
        TestReleases.DeployV2ToGreen(_harness.Engine);
        _harness.Engine.SetRelease(r => r["activeSlot"] = "green");
        AnswerSwitch(0, "switch-to-blue: switched to blue: observed 40 ms after the flip\n", "");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Traffic_moves_on_the_host_before_the_stack_is_selected_locked_or_updated_then_it_is_recorded()
    {
        var expected = new HostSwitch(StackConfiguration.Load(new EngineStackConfig("staging", _harness.Engine.Config, _ => "set")).Settings!, "blue");

        var exit = await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes");

        Assert.Equal(0, exit);
        Assert.Equal([string.Join(' ', expected.Command)], _harness.Shell.Commands);
        Assert.Contains("--name staging_proxy-switch", _harness.Shell.Commands[0]);
        Assert.Contains("exec bash /usr/local/etc/haproxy/bin/switch-to-blue", _harness.Shell.Commands[0]);
        Assert.Equal((0, 0, false), _atSwitch);
        Assert.Equal(["set infra:release.activeSlot = blue", "up"], _harness.Engine.Calls);
        Assert.Equal(1, _harness.EngineSelections);
        Assert.False(File.Exists(_harness.LockFile));
        Assert.Equal("blue", (string)_harness.Engine.Release["activeSlot"]!);
        Assert.Contains("blue (2026.11.20-1) takes traffic, recorded in stack 'staging'", _harness.Console.Lines);
        Assert.Empty(_harness.Console.Errors);
    }

    [Fact]
    public async Task An_unhealthy_previous_slot_is_refused_by_the_script_and_nothing_is_recorded()
    {
        AnswerSwitch(2, "switch-to-blue: 1/5 verify: 2 service(s) in blue\n",
            "  web: GET /health answered 503\nswitch-to-blue: not switching to blue: 1 service(s) not healthy after 60s; nothing changed\n");

        var exit = await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes");

        Assert.Equal(1, exit);
        Assert.Equal(
        [
            "  web: GET /health answered 503",
            "the switch to blue was refused (exit 2): switch-to-blue: not switching to blue: 1 service(s) not healthy after 60s; nothing changed; traffic stays on green (2026.11.22-1), nothing was recorded",
        ], _harness.Console.Errors);
        Assert.Equal(0, _harness.EngineSelections);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_switch_that_ends_in_an_unknown_state_says_so_and_records_nothing()
    {
        AnswerSwitch(255, "", "ssh: connect to host 203.0.113.10 port 22: Connection refused\n");

        Assert.Equal(1, await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes"));
        Assert.Equal(
            ["the switch to blue failed (exit 255): ssh: connect to host 203.0.113.10 port 22: Connection refused; which slot takes traffic is not known: check with `curl -sI` on a route (X-Slot), then run rollback --now again"],
            _harness.Console.Errors);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_failed_update_after_the_switch_prints_what_runs_what_the_state_says_and_how_to_reconcile()
    {
        _harness.Engine.OnUp = _ => throw new UpdateFailedException("docker: cannot connect to the engine");

        var exit = await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes");

        Assert.Equal(1, exit);
        Assert.Equal(
        [
            "rollback --now: traffic moved, but recording it as a stack update failed: docker: cannot connect to the engine",
            "  runs:  slot blue takes traffic: blue (2026.11.20-1) (switched on the host)",
            "  state: slot green is active in the stack's last update (its configuration already names blue)",
            "  until they agree, `release deploy` deploys into slot blue, which takes traffic, and `release promote` switches to it",
            "  reconcile (records slot blue; its switch step finds traffic already there): pulumi config set --path infra:release.activeSlot blue --stack staging && pulumi up --stack staging",
        ], _harness.Console.Errors);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task A_held_release_lock_leaves_the_state_on_the_old_slot_and_says_so()
    {
        await using var other = await _harness.Lock.AcquireAsync("deploy", CancellationToken.None);

        var exit = await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes");

        Assert.Equal(1, exit);
        Assert.Single(_harness.Shell.Commands);
        Assert.Empty(_harness.Engine.Calls);
        Assert.StartsWith("rollback --now: traffic moved, but recording it as a stack update failed: stack 'staging' is locked by tester@test for `deploy`", _harness.Console.Errors[0]);
        Assert.Equal("  state: slot green is active in the stack's configuration and last update", _harness.Console.Errors[2]);
        Assert.EndsWith("pulumi config set --path infra:release.activeSlot blue --stack staging && pulumi up --stack staging", _harness.Console.Errors[4]);
    }

    [Fact]
    public async Task Release_tasks_gone_past_need_a_yes_before_anything_moves()
    {
        Assert.Equal(1, await _harness.RunAsync("rollback", "--now", "--stack", "staging"));
        Assert.Single(_harness.Console.Questions);
        Assert.Empty(_harness.Shell.Commands);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Fact]
    public async Task A_stopped_previous_slot_is_refused_before_the_host_is_touched()
    {
        _harness.Engine.SetRelease(r => r["stopIdle"] = true);

        Assert.Equal(1, await _harness.RunAsync("rollback", "--now", "--stack", "staging", "--yes"));
        Assert.Equal(
            ["slot blue of stack 'staging' is stopped (stopIdle) and has no containers, so switching back is not quick; use rollback --to 2026.11.20-1"],
            _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
    }

    [Fact]
    public async Task Now_with_to_is_refused()
    {
        Assert.Equal(1, await _harness.RunAsync("rollback", "--now", "--to", "1", "--stack", "staging", "--yes"));
        Assert.Equal(["--now switches back to the previous slot, which still runs; it cannot be combined with --to (a release from history needs a deploy)"], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
    }

    [Fact]
    public async Task An_unknown_stack_is_refused_in_one_line()
    {
        Assert.Equal(1, await _harness.RunAsync("rollback", "--now", "--stack", "qa", "--yes"));
        Assert.Equal(["unknown stack 'qa'; use one of local, staging, prod"], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
    }

    private void AnswerSwitch(int exit, string output, string error) =>
        _harness.Shell = new FakeServerShell(_ =>
        {
            _atSwitch = (_harness.EngineSelections, _harness.Engine.Calls.Count, File.Exists(_harness.LockFile));
            return new ShellResult(exit, output, error);
        });
}
