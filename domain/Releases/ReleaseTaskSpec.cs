namespace Infra.Domain.Releases;

/// <summary>
/// A one-off task of a release (e.g. migrations), run once on the host in a throwaway container of
/// the release's image. Secrets reach it through an env file on stdin, never on the command line.
/// </summary>
public sealed record ReleaseTaskSpec(
    string ResourceName,
    string Service,
    string Slot,
    string TaskName,
    string Image,
    string Version,
    string DockerRun,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> SecretEnvironment);
