using Infra.Release.Backups;
using Infra.Release.Tests.Support;

namespace Infra.Release.Tests.Commands;

public sealed class BackupTests : IDisposable
{
    // restic 0.14's `snapshots --json`, as `infra-restore list --json` prints it: one snapshot per backed-up item.
    private const string Snapshots = """
        [{"time":"2026-11-21T03:15:02.5Z","tree":"a1","paths":["/db.sql"],"hostname":"infra-staging","username":"root","tags":["kind=database","name=db"],"id":"9b0d7e33aa","short_id":"9b0d7e33"},
         {"time":"2026-11-22T03:15:01.2Z","tree":"b2","paths":["/db.sql"],"hostname":"infra-staging","username":"root","tags":["kind=database","name=db"],"id":"4f2a9c1eaa","short_id":"4f2a9c1e"},
         {"time":"2026-11-22T03:15:04.9Z","tree":"c3","paths":["/mnt/data/docker/volumes/web-uploads"],"hostname":"infra-staging","username":"root","tags":["kind=volume","name=web-uploads"],"id":"5c6d7e8faa","short_id":"5c6d7e8f"}]
        """;

    private readonly Harness _harness = new();

    public BackupTests() =>
        _harness.Shell = new FakeServerShell(command => command.Contains("list") ? new ShellResult(0, Snapshots, "") : new ShellResult(0, "", ""));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task List_shows_the_snapshots_the_backup_script_reports()
    {
        Assert.Equal(0, await _harness.RunAsync("backup", "list", "--stack", "staging"));
        Assert.Equal(
        [
            "SNAPSHOT  TIME (UTC)        CONTAINS",
            "5c6d7e8f  2026-11-22 03:15  web-uploads",
            "4f2a9c1e  2026-11-22 03:15  db",
            "9b0d7e33  2026-11-21 03:15  db",
        ], _harness.Console.Lines);
        Assert.Equal(["sudo /usr/local/sbin/infra-restore list --json"], _harness.Shell.Commands);
    }

    [Fact]
    public async Task Restore_runs_the_restore_script_for_the_accessory_after_confirmation()
    {
        Assert.Equal(0, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--snapshot", "9b0d7e33", "--accessory", "db", "--yes"));
        Assert.Equal(
            ["sudo /usr/local/sbin/infra-restore list --json", "sudo /usr/local/sbin/infra-restore database db 9b0d7e33"],
            _harness.Shell.Commands);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task Restore_without_confirmation_changes_nothing()
    {
        Assert.Equal(1, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--snapshot", "9b0d7e33", "--accessory", "db"));
        Assert.Equal(["not restored: confirm with --yes"], _harness.Console.Errors);
        Assert.Equal(["Restore accessory 'db' of stack 'staging' from snapshot 9b0d7e33? Its current data is replaced"], _harness.Console.Questions);
        Assert.Equal(["sudo /usr/local/sbin/infra-restore list --json"], _harness.Shell.Commands);
    }

    [Theory]
    [InlineData("cache", "stack 'staging' has no backed-up accessory 'cache'")]
    [InlineData("mailer", "stack 'staging' has no backed-up accessory 'mailer'")]
    public async Task Restoring_something_the_stack_does_not_back_up_is_refused(string accessory, string error)
    {
        Assert.Equal(1, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--snapshot", "9b0d7e33", "--accessory", accessory, "--yes"));
        Assert.Equal([error], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
    }

    [Fact]
    public async Task An_unknown_snapshot_is_refused()
    {
        Assert.Equal(1, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--snapshot", "deadbeef", "--accessory", "db", "--yes"));
        Assert.Equal(["snapshot 'deadbeef' is not in the backups of stack 'staging'; see: release backup list --stack staging"], _harness.Console.Errors);
        Assert.Equal(["sudo /usr/local/sbin/infra-restore list --json"], _harness.Shell.Commands);
    }

    [Fact]
    public async Task A_failing_script_is_reported_with_its_last_error_line()
    {
        _harness.Shell = new FakeServerShell(_ => new ShellResult(2, "", "reading repository\nFatal: wrong password\n"));

        Assert.Equal(1, await _harness.RunAsync("backup", "list", "--stack", "staging"));
        Assert.Equal(["infra-restore list failed on the server (exit 2): Fatal: wrong password"], _harness.Console.Errors);
    }
}

public sealed class LocalBackupTests : IDisposable
{
    private readonly Harness _harness = new("local");

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Local_stack_runs_the_scripts_through_its_docker_only_wrappers_without_sudo()
    {
        _harness.Shell = new FakeServerShell(_ => new ShellResult(0, "[]", ""));

        Assert.Equal(0, await _harness.RunAsync("backup", "list", "--stack", "local"));
        Assert.Equal(
            ["/tmp/infra-local/bin/infra-restore list --json"],
            _harness.Shell.Commands);
        Assert.Equal(["stack 'local' has no backup snapshots yet"], _harness.Console.Lines);
    }
}
