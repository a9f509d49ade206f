namespace Infra.Stacks.Tests.Support;

/// <summary>
/// Compares lines against a reviewed snapshot in Snapshots/. On a mismatch the received lines are
/// written beside it (*.received.txt) for review; set UPDATE_SNAPSHOTS=1 to accept them.
/// </summary>
public static class Snapshot
{
    public static void Matches(string name, IReadOnlyList<string> lines)
    {
        var folder = RepoFiles.Path("tests", "Infra.Stacks.Tests", "Snapshots");
        var approved = Path.Combine(folder, $"{name}.txt");
        var received = Path.Combine(folder, $"{name}.received.txt");
        var text = string.Join("\n", lines) + "\n";

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approved, text);
        }

        var expected = File.Exists(approved) ? File.ReadAllText(approved) : "";
        if (expected != text)
        {
            File.WriteAllText(received, text);
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }

        Assert.Equal(expected, text);
    }
}
