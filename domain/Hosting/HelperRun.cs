using Infra.Domain.Releases;

namespace Infra.Domain.Hosting;

/// <summary>
/// A short-lived helper container that runs one rendered bash script (given on its standard input,
/// from a here-document) and is removed when it ends. Its fixed name makes Docker itself refuse a
/// second copy running at the same time. Rendered as a POSIX shell command whose only program is
/// <c>docker</c>, so it runs the same over SSH on a droplet and in a shell on a laptop.
/// </summary>
public sealed record HelperRun
{
    /// <summary>Ends the here-document; a script containing this line cannot be run this way.</summary>
    public const string ScriptEnd = "INFRA_HELPER_SCRIPT";

    public required string Name { get; init; }

    /// <summary>The script, run by bash inside the helper.</summary>
    public required string Script { get; init; }

    /// <summary>A network name, or <c>container:&lt;name&gt;</c> to share that container's network namespace.</summary>
    public string? Network { get; init; }

    /// <summary>Volume or host folder, and where the script sees it.</summary>
    public IReadOnlyList<(string Source, string Target)> Mounts { get; init; } = [];

    /// <summary>Arguments to the script ($1...).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string Image { get; init; } = HelperImage.Reference;

    /// <summary>
    /// The command's own standard input goes on to the script (e.g. a certificate, or a key from a
    /// secret), so the script itself is handed to bash as its <c>-c</c> argument instead.
    /// </summary>
    public bool ForwardsStdin { get; init; }

    /// <summary>The <c>docker run</c> line, without the here-document.</summary>
    public IReadOnlyList<string> DockerRun()
    {
        List<string> words = ["docker", "run", "--rm", "-i", "--name", Name, "--user", HelperImage.User, "--entrypoint", HelperImage.Shell];
        if (Network is { } network)
        {
            words.AddRange(["--network", network]);
        }

        foreach (var (source, target) in Mounts)
        {
            words.AddRange(["--volume", $"{source}:{target}"]);
        }

        words.AddRange(ForwardsStdin ? [Image] : [Image, "-s", "--", .. Arguments]);
        return words;
    }

    /// <summary>The whole command: <c>docker run ... bash -s &lt;&lt;'END'</c>, the script, the end line.</summary>
    /// <param name="then">Shell text after the command on its line, e.g. <c>|| status=$?</c>.</param>
    public string Render(string then = "")
    {
        if (Script.Split('\n').Contains(ScriptEnd))
        {
            throw new InvalidOperationException($"the script of helper {Name} contains the line '{ScriptEnd}' that ends it");
        }

        var after = then.Length > 0 ? " " + then : "";
        if (ForwardsStdin)
        {
            // $0 names the script in its messages; the here-document is read by the host shell, not by docker.
            return $"{ShellQuote.Join(DockerRun())} -c \"$(cat <<'{ScriptEnd}'\n{Script.TrimEnd('\n')}\n{ScriptEnd}\n)\" {ShellQuote.Join([Name, .. Arguments])}{after}\n";
        }

        return $"{ShellQuote.Join(DockerRun())} <<'{ScriptEnd}'{after}\n{Script.TrimEnd('\n')}\n{ScriptEnd}\n";
    }
}
