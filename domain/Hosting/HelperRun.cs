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

    /// <summary>The script, run by bash inside the helper (see <see cref="Entry"/>).</summary>
    public string Script { get; init; } = "";

    /// <summary>How the helper gets its script; by default on its standard input.</summary>
    public HelperEntry Entry { get; init; } = HelperEntry.Stdin;

    /// <summary>With <see cref="HelperEntry.File"/>: the script's path inside the helper.</summary>
    public string? ScriptFile { get; init; }

    /// <summary>Variables set inside the helper (NAME=value; never a secret: they show on the command line).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>
    /// Mounts whose source is shell text expanded where the command runs (e.g. a folder asked of the
    /// engine), rendered inside double quotes; only for text the program renders itself.
    /// </summary>
    public IReadOnlyList<(string SourceExpression, string Target)> ExpandedMounts { get; init; } = [];

    /// <summary>A network name, or <c>container:&lt;name&gt;</c> to share that container's network namespace.</summary>
    public string? Network { get; init; }

    /// <summary>Volume or host folder, and where the script sees it.</summary>
    public IReadOnlyList<(string Source, string Target)> Mounts { get; init; } = [];

    /// <summary>Arguments to the script ($1...).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string Image { get; init; } = HelperImage.Reference;

    private List<string> Options()
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

        foreach (var variable in Environment)
        {
            words.AddRange(["--env", variable]);
        }

        return words;
    }

    private IReadOnlyList<string> EntryWords() => Entry switch
    {
        HelperEntry.Stdin => ["-s", "--", .. Arguments],
        HelperEntry.Argument => ["-c", Script, Name, .. Arguments],
        HelperEntry.File => [ScriptFile ?? throw new InvalidOperationException($"helper {Name} runs a file but names none"), .. Arguments],
        _ => throw new InvalidOperationException($"unknown helper entry {Entry}"),
    };

    private string Words() => $"{DockerRunUpToImage()} {ShellQuote.Join(EntryWords())}";

    private string DockerRunUpToImage() => string.Join(' ', [
        ShellQuote.Join(Options()),
        .. ExpandedMounts.Select(m => $"--volume \"{m.SourceExpression}:{m.Target}\""),
        ShellQuote.Word(Image)]);

    /// <summary>
    /// The command line alone, for <see cref="HelperEntry.Argument"/> (the command's own standard input
    /// reaches the script: data such as a secret, never on a command line) and <see cref="HelperEntry.File"/>.
    /// </summary>
    /// <param name="passArguments">Appends <c>"$@"</c>: the arguments of the script this line is in.</param>
    public string CommandLine(bool passArguments = false) =>
        Entry == HelperEntry.Stdin
            ? throw new InvalidOperationException($"helper {Name} takes its script on standard input: use Render")
            : Words() + (passArguments ? " \"$@\"" : "");

    /// <summary>A host command that runs this helper and nothing else, failing when it fails.</summary>
    public string HostCommand() => Template.Fill("Hosting/host-run.sh", new Dictionary<string, string> { ["run"] = Render().TrimEnd('\n') });

    /// <summary>
    /// The whole command with its script in a here-document: <c>docker run ... bash -s &lt;&lt;'END'</c>
    /// (<see cref="HelperEntry.Stdin"/>), or for <see cref="HelperEntry.Argument"/> <c>bash -c "$(cat &lt;&lt;'END' ...)"</c>,
    /// read by the host shell, so the command's own standard input goes on to the script.
    /// </summary>
    /// <param name="then">Shell text after the command on its line, e.g. <c>|| status=$?</c>.</param>
    public string Render(string then = "")
    {
        if (Script.Split('\n').Contains(ScriptEnd))
        {
            throw new InvalidOperationException($"the script of helper {Name} contains the line '{ScriptEnd}' that ends it");
        }

        var after = then.Length > 0 ? " " + then : "";
        return Entry switch
        {
            HelperEntry.Stdin => $"{Words()} <<'{ScriptEnd}'{after}\n{Script.TrimEnd('\n')}\n{ScriptEnd}\n",

            // $0 names the script in its messages.
            HelperEntry.Argument =>
                $"{DockerRunUpToImage()} -c \"$(cat <<'{ScriptEnd}'\n{Script.TrimEnd('\n')}\n{ScriptEnd}\n)\" {ShellQuote.Join([Name, .. Arguments])}{after}\n",
            _ => throw new InvalidOperationException($"helper {Name} runs a file: use CommandLine"),
        };
    }
}

/// <summary>How a helper's bash gets its script.</summary>
public enum HelperEntry
{
    /// <summary>On standard input, from a here-document (<c>bash -s</c>).</summary>
    Stdin,

    /// <summary>As the argument of <c>bash -c</c>, leaving standard input to data.</summary>
    Argument,

    /// <summary>A script file inside the helper (e.g. on a mounted volume).</summary>
    File,
}
