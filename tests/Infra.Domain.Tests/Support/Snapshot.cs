namespace Infra.Domain.Tests.Support;

/// <summary>
/// Compares a rendered file exactly against its reviewed snapshot. On a mismatch the received text is
/// written beside it (name.received.ext) for review; set UPDATE_SNAPSHOTS=1 to accept it.
/// </summary>
public static class Snapshot
{
    public static void Matches(string text, params string[] path)
    {
        var approved = RepoFiles.Path(["tests", "Infra.Domain.Tests", .. path]);
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
