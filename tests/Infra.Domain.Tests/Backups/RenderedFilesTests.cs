using Infra.Domain.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>Every file the stack installs for backups, compared exactly with its reviewed snapshot.</summary>
public class RenderedFilesTests
{
    [Fact]
    public void Backup_script_matches_its_snapshot() =>
        Snapshot.Matches(BackupScript.Render(BackupPlans.Prod()), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-backup.sh");

    [Fact]
    public void Restore_script_matches_its_snapshot() =>
        Snapshot.Matches(RestoreScript.Render(BackupPlans.Prod()), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-restore.sh");

    [Fact]
    public void Wal_shipper_matches_its_snapshot() =>
        Snapshot.Matches(WalShipScript.Render(BackupPlans.Prod()), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-wal-ship.sh");

    [Fact]
    public void Wal_shipper_units_match_their_snapshots()
    {
        Snapshot.Matches(BackupUnits.WalShipService("prod"), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-wal-ship.service");
        Snapshot.Matches(BackupUnits.WalShipTimer(), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-wal-ship.timer");
    }

    [Fact]
    public void Service_unit_matches_its_snapshot() =>
        Snapshot.Matches(BackupUnits.Service("prod"), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-backup.service");

    [Fact]
    public void Timer_unit_matches_its_snapshot() =>
        Snapshot.Matches(BackupUnits.Timer("15 3 * * *"), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-backup.timer");

    [Fact]
    public void Environment_file_matches_its_snapshot() =>
        Snapshot.Matches(BackupEnvironmentFile.Render(new BackupEnvironment(
            ResticRepository.ForSpaces("fra1", "acme-prod-backups"), "restic-password", "DO00KEY", "spaces-secret", "https://hc-ping.example/4f1e")), "tests", "Infra.Domain.Tests", "Backups", "Snapshots", "infra-backup.env");

    [Fact]
    public void A_stack_that_backs_up_nothing_never_forgets_anything()
    {
        var script = BackupScript.Render(BackupPlans.Prod() with { Databases = [], Volumes = [] });

        Assert.DoesNotContain("restic forget", script);
        Assert.Contains("no accessory or volume of this stack is marked backup: true", script);
    }

    [Fact]
    public void Environment_file_refuses_values_it_cannot_hold_literally()
    {
        var environment = new BackupEnvironment("s3:https://x/y", "it's", "key", "secret");

        var error = Assert.Throws<ArgumentException>(() => BackupEnvironmentFile.Render(environment));
        Assert.Equal("RESTIC_PASSWORD contains a single quote or a line break, which the environment file cannot hold", error.Message);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "bash")]
    public async Task Scripts_are_valid_bash()
    {
        var bash = RequiresProgram.Program("bash");
        var schedule = new Infra.Domain.Hosting.BackupTools(new Infra.Domain.Hosting.DockerNames("local"), "/tmp/infra-local/bin").Schedule(BackupPlans.Prod(), "15 3 * * *").Script;
        foreach (var script in new[] { BackupScript.Render(BackupPlans.Prod()), RestoreScript.Render(BackupPlans.Prod()), WalShipScript.Render(BackupPlans.Prod()), schedule })
        {
            var result = await ProcessRunner.Run(bash, ["-n", "-c", script]);
            Assert.True(result.ExitCode == 0, result.Error);
        }
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "shellcheck")]
    public async Task Shellcheck_finds_nothing_in_the_rendered_scripts()
    {
        var shellcheck = RequiresProgram.Program("shellcheck");
        var folder = Directory.CreateTempSubdirectory("infra-shellcheck-");
        try
        {
            var tools = new Infra.Domain.Hosting.BackupTools(new Infra.Domain.Hosting.DockerNames("local"), "/tmp/infra-local/bin");
            var scripts = new Dictionary<string, string>
            {
                ["infra-backup"] = BackupScript.Render(BackupPlans.Prod()),
                ["infra-restore"] = RestoreScript.Render(BackupPlans.Prod()),
                ["infra-wal-ship"] = WalShipScript.Render(BackupPlans.Prod()),
                ["install-in-backup-helper"] = tools.Install(BackupPlans.Prod(), "15 3 * * *"),
                ["install"] = BackupInstall.Render(BackupPlans.Prod(), "15 3 * * *", tools.Layout, [.. Infra.Domain.Hosting.BackupTools.Wrappers.Select(w => ($"/host-bin/{w}", tools.Wrapper(w)))]),
                ["backup-schedule"] = tools.Schedule(BackupPlans.Prod(), "*/20 1-3 * * 1-5").Script,
                ["backup-schedule-without-wal"] = tools.Schedule(BackupPlans.Prod() with { Databases = [] }, "15 3 * * *").Script,
            };
            foreach (var wrapper in Infra.Domain.Hosting.BackupTools.Wrappers)
            {
                scripts[$"wrapper-{wrapper}"] = tools.Wrapper(wrapper);
            }

            foreach (var (name, text) in scripts)
            {
                var path = Path.Combine(folder.FullName, name);
                await File.WriteAllTextAsync(path, text);
                var result = await ProcessRunner.Run(shellcheck, ["--shell=bash", "--severity=style", path]);
                Assert.True(result.ExitCode == 0, $"shellcheck {name}:\n{result.Output}{result.Error}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
