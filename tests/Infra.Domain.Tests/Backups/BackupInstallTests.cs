using Infra.Domain.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// The install script the stack runs on a host, run for real with the local layout: restic creates
/// the repository (a local folder here), credentials arrive on stdin and stay root-only.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
public sealed class BackupInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("infra-backup-install-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task Installs_scripts_and_credentials_and_creates_the_repository_once()
    {
        RequiresProgram.Program("restic");
        var bash = RequiresProgram.Program("bash");
        var config = Stacks.Prod();
        var settings = config.Load().Settings!;
        var layout = BackupHostLayout.Local(_root);
        var repository = Path.Combine(_root, "repository");
        var environment = BackupEnvironmentFile.Render(new BackupEnvironment(repository, "correct horse", "unused", "unused"));
        var script = BackupInstall.Render(BackupPlan.For(settings), settings.Backup!.Schedule, layout);
        var stdin = Path.Combine(_root, "stdin");
        await File.WriteAllTextAsync(stdin, environment);

        var first = await ProcessRunner.Run(bash, ["-c", $"exec < /dev/null\n{script}"]);
        Assert.NotEqual(0, first.ExitCode); // no credentials on stdin: restic has no password, nothing is created
        Assert.False(Directory.Exists(repository));

        var installed = await ProcessRunner.Run(bash, ["-c", $"exec < {stdin}\n{script}"]);
        Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);
        Assert.True(File.Exists(Path.Combine(repository, "config")), "restic init created the repository");
        Assert.Equal(environment, await File.ReadAllTextAsync(layout.EnvironmentFile));
        Assert.True(!OperatingSystem.IsWindows() && File.GetUnixFileMode(layout.EnvironmentFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal(BackupScript.Render(BackupPlan.For(settings)).TrimEnd('\n') + "\n", await File.ReadAllTextAsync(layout.BackupScript));
        Assert.True(File.Exists(Path.Combine(_root, "bin", BackupInstall.RunNowScriptName)));

        // An install interrupted earlier left a world-readable env.new: the credentials still end up root-only.
        var stale = layout.EnvironmentFile + ".new";
        await File.WriteAllTextAsync(stale, "left by an interrupted install");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stale, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var again = await ProcessRunner.Run(bash, ["-c", $"exec < {stdin}\n{script}"]);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(environment, await File.ReadAllTextAsync(layout.EnvironmentFile));
        Assert.True(!OperatingSystem.IsWindows() && File.GetUnixFileMode(layout.EnvironmentFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }
}
