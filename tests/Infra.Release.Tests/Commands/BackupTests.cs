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
    public async Task To_a_time_recovers_into_a_new_database_without_asking()
    {
        Assert.Equal(0, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--accessory", "db", "--to", "2026-12-02T07:15:00Z", "--into", "db_before_incident"));
        Assert.Equal(["sudo /usr/local/sbin/infra-restore database db --to 2026-12-02T07:15:00Z db_before_incident"], _harness.Shell.Commands);
        Assert.Empty(_harness.Console.Questions);
        Assert.False(File.Exists(_harness.LockFile));
    }

    [Fact]
    public async Task To_a_time_in_place_asks_first_and_runs_the_restore_in_place()
    {
        Assert.Equal(1, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--accessory", "db", "--to", "latest"));
        Assert.Equal(["Recover accessory 'db' of stack 'staging' to latest in place? It serves on while a scratch server recovers, then it is stopped and its data folder kept aside and replaced"], _harness.Console.Questions);
        Assert.Empty(_harness.Shell.Commands);

        const string Said = "recovered to 2026-12-02T08:15:00.250+01:00: the last transaction recovered was committed at 2026-12-02T07:14:59.981204Z\n"
            + "the data 'db' had before is kept in volume staging_db-data as _data.before-restore-20261202T073000Z, beside _data (at /mnt/data/docker/volumes/staging_db-data/_data.before-restore-20261202T073000Z here); delete it once the restore is verified\n";
        _harness.Shell = new FakeServerShell(_ => new ShellResult(0, Said, ""));
        Assert.Equal(0, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--accessory", "db", "--to", "2026-12-02T08:15:00.250+01:00", "--yes"));
        Assert.Equal(["sudo /usr/local/sbin/infra-restore database db --to 2026-12-02T08:15:00.250+01:00 --in-place"], _harness.Shell.Commands);
        // What the script said reaches the user: the transaction it recovered to and where the old data is.
        Assert.Equal([.. Said.TrimEnd('\n').Split('\n'), "recovered accessory 'db' to 2026-12-02T08:15:00.250+01:00 in place"], _harness.Console.Lines.TakeLast(3));
    }

    [Theory]
    [InlineData("yesterday", "--to 'yesterday' is not an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or 'latest'")]
    [InlineData("2026-02-30T07:15:00Z", "--to '2026-02-30T07:15:00Z' is not an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or 'latest'")]
    [InlineData("2026-12-02 07:15", "--to '2026-12-02 07:15' is not an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or 'latest'")]
    public async Task A_bad_time_is_named_before_anything_runs(string time, string error)
    {
        Assert.Equal(1, await _harness.RunAsync("backup", "restore", "--stack", "staging", "--accessory", "db", "--to", time, "--yes"));
        Assert.Equal([error], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
        Assert.Empty(_harness.Engine.Calls);
    }

    [Theory]
    [InlineData(new[] { "--accessory", "cache", "--to", "latest" }, "stack 'staging' has no backed-up PostgreSQL accessory 'cache'; only those restore to a point in time (--to)")]
    [InlineData(new[] { "--to", "latest" }, "--to restores an accessory to a point in time: name it with --accessory")]
    [InlineData(new[] { "--accessory", "db", "--to", "latest", "--snapshot", "9b0d7e33" }, "--to and --snapshot exclude each other: restore to a time or from a snapshot")]
    [InlineData(new[] { "--accessory", "db", "--to", "latest", "--into", "x; drop" }, "--into 'x; drop' is not a database name (letters, digits, '_', '.', '-')")]
    [InlineData(new[] { "--accessory", "db" }, "say what to restore from: --snapshot <id> (see backup list) or --to <RFC 3339 time>|latest")]
    public async Task A_point_in_time_restore_of_the_wrong_thing_is_refused(string[] arguments, string error)
    {
        Assert.Equal(1, await _harness.RunAsync(["backup", "restore", "--stack", "staging", .. arguments, "--yes"]));
        Assert.Equal([error], _harness.Console.Errors);
        Assert.Empty(_harness.Shell.Commands);
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
