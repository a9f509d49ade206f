namespace Infra.Release.Backend;

/// <summary>A file:// backend: keys are paths under the backend folder.</summary>
public sealed class FileBackendStore(string root) : IBackendStore
{
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancel)
    {
        var folder = Path.Combine(root, Path.GetDirectoryName(prefix.Replace('/', Path.DirectorySeparatorChar)) ?? "");
        IReadOnlyList<string> keys = !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        return Task.FromResult(keys);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancel)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancel) : null;
    }

    public async Task<bool> TryCreateAsync(string key, byte[] content, CancellationToken cancel)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // CreateNew is atomic: of two racing writers exactly one succeeds.
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            await file.WriteAsync(content, cancel);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancel)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
}
