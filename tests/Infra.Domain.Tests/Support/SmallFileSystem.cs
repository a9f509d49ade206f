namespace Infra.Domain.Tests.Support;

/// <summary>A tmpfs of a few megabytes, mounted for a test that fills a disk, and unmounted after it. Needs root.</summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private readonly bool _ownsFolder;

    private SmallFileSystem(string path, bool ownsFolder)
    {
        Path = path;
        _ownsFolder = ownsFolder;
    }

    public string Path { get; }

    /// <param name="size">as mount's size option takes it, e.g. 1m</param>
    public static async Task<SmallFileSystem> Mount(string size)
    {
        RequireMount();
        var folder = Directory.CreateTempSubdirectory("infra-small-fs-").FullName;
        await MountAt(folder, size);
        return new SmallFileSystem(folder, ownsFolder: true);
    }

    /// <summary>Over an existing folder, whose files it hides until it is unmounted (and which stays).</summary>
    public static async Task<SmallFileSystem> MountOver(string folder, string size)
    {
        RequireMount();
        await MountAt(folder, size);
        return new SmallFileSystem(folder, ownsFolder: false);
    }

    /// <summary>Fills it up: the next write to it fails with ENOSPC.</summary>
    public void Fill()
    {
        using var filler = File.Create(System.IO.Path.Combine(Path, "filler"));
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static void RequireMount()
    {
        RequiresProgram.Program("mount");
        Skip.If(Environment.UserName != "root", "mounting a small tmpfs needs root");
    }

    private static async Task MountAt(string folder, string size)
    {
        var mounted = await ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", folder]);
        Assert.True(mounted.ExitCode == 0, mounted.Error);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.Run("umount", [Path]);
        if (_ownsFolder)
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
