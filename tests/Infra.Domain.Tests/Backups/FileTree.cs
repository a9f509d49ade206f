using System.Security.Cryptography;

namespace Infra.Domain.Tests.Backups;

/// <summary>Writes a folder of mixed files and describes one byte for byte, with modes, to compare restores.</summary>
public static class FileTree
{
    public static void Write(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "images", "2026"));
        Directory.CreateDirectory(Path.Combine(root, "empty folder"));
        File.WriteAllText(Path.Combine(root, "readme.txt"), "uploads of the gallery\n");
        File.WriteAllText(Path.Combine(root, "name with spaces & ünïcode.txt"), "still a file\n");
        File.WriteAllBytes(Path.Combine(root, "empty.bin"), []);
        File.WriteAllBytes(Path.Combine(root, "images", "2026", "photo.jpg"), RandomNumberGenerator.GetBytes(1_500_000));
        File.WriteAllBytes(Path.Combine(root, "images", "zeros.raw"), new byte[300_000]);
        var secret = Path.Combine(root, "images", "private.key");
        File.WriteAllBytes(secret, RandomNumberGenerator.GetBytes(4096));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>One line per entry: relative path, kind, mode and the SHA-256 of the content.</summary>
    public static IReadOnlyList<string> Describe(string root)
    {
        return Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => Line(root, path))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Line(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        var mode = OperatingSystem.IsWindows() ? "" : File.GetUnixFileMode(path).ToString();
        return Directory.Exists(path)
            ? $"{relative}/ {mode}"
            : $"{relative} {mode} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}";
    }
}
