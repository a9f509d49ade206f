namespace Infra.Domain.Settings;

/// <summary>
/// The environments by name: the name a stack file's <c>infra:environment</c> gives, and the name of
/// the stack that is that environment (local, staging, prod).
/// </summary>
public static class DeploymentEnvironments
{
    public static readonly IReadOnlyList<DeploymentEnvironment> All = Enum.GetValues<DeploymentEnvironment>();

    public static string Name(this DeploymentEnvironment environment) => environment.ToString().ToLowerInvariant();

    /// <summary>"local, staging or prod", for messages that list the choices.</summary>
    public static string Choices => string.Join(", ", All.SkipLast(1).Select(Name)) + " or " + All[^1].Name();

    public static DeploymentEnvironment? Parse(string? name) =>
        All.Where(environment => environment.Name() == name).Cast<DeploymentEnvironment?>().FirstOrDefault();
}
