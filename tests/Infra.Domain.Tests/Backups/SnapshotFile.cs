using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Compares a rendered file exactly with its reviewed snapshot in Backups/Snapshots/. On a mismatch
/// the rendered text is written beside it as name.received.ext for review; UPDATE_SNAPSHOTS=1 accepts it.
/// </summary>
public static class SnapshotFile
{
    public static void Matches(string fileName, string rendered)
    {
        var folder = RepoFiles.Path("tests", "Infra.Domain.Tests", "Backups", "Snapshots");
        var approved = Path.Combine(folder, fileName);
        var extension = Path.GetExtension(fileName);
        var received = Path.Combine(folder, Path.GetFileNameWithoutExtension(fileName) + ".received" + extension);

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approved, rendered);
        }

        var expected = File.Exists(approved) ? File.ReadAllText(approved) : "";
        if (expected != rendered)
        {
            File.WriteAllText(received, rendered);
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }

        Assert.True(expected == rendered, $"{fileName} differs from its reviewed snapshot; compare it with {received}");
    }
}
