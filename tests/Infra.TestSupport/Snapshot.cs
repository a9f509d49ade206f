namespace Infra.TestSupport;

/// <summary>
/// Compares rendered text exactly against its reviewed snapshot, a file in the repository. On a
/// mismatch the received text is written beside it (name.received.ext) for review; set
/// UPDATE_SNAPSHOTS=1 to accept it.
/// </summary>
public static class Snapshot
{
    /// <param name="path">The snapshot's path from the repository root.</param>
    public static void Matches(string text, params string[] path)
    {
        var approved = RepoFiles.Path(path);
        var received = System.IO.Path.ChangeExtension(approved, null) + ".received" + System.IO.Path.GetExtension(approved);
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

        Assert.True(expected == text, $"{approved} differs from the rendered text; review {received} (UPDATE_SNAPSHOTS=1 accepts it)");
    }
}
