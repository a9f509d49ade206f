namespace Infra.Domain.Tests.Support;

/// <summary>A tmpfs of a few megabytes, mounted for a test that fills a disk, and unmounted after it. Needs root.</summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private SmallFileSystem(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <param name="size">as mount's size option takes it, e.g. 1m</param>
    public static async Task<SmallFileSystem> Mount(string size)
    {
        RequiresProgram.Program("mount");
        Skip.If(Environment.UserName != "root", "mounting a small tmpfs needs root");
        var folder = Directory.CreateTempSubdirectory("infra-small-fs-").FullName;
        var mounted = await ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", folder]);
        Assert.True(mounted.ExitCode == 0, mounted.Error);
        return new SmallFileSystem(folder);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.Run("umount", [Path]);
        Directory.Delete(Path, recursive: true);
    }
}
