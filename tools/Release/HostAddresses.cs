namespace Infra.Release.Tool;

/// <summary>
/// The droplet's address per stack, remembered on this machine each time the tool reads it from the
/// stack's outputs, so that rollback --now reaches the server without waiting for the engine. A stack
/// not seen from here yet is read from its outputs once (seconds) and remembered.
/// </summary>
internal sealed class HostAddresses(string folder)
{
    public static HostAddresses Default => new(Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "infra-release"));

    public string? Read(string stack) =>
        File.Exists(FileOf(stack)) && File.ReadAllText(FileOf(stack)).Trim() is { Length: > 0 } address ? address : null;

    public void Remember(string stack, string address)
    {
        Directory.CreateDirectory(folder);
        var staged = FileOf(stack) + ".tmp";
        File.WriteAllText(staged, address + "\n");
        File.Move(staged, FileOf(stack), overwrite: true);
    }

    private string FileOf(string stack) => Path.Combine(folder, $"{stack}.address");
}
