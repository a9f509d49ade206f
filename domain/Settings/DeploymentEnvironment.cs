namespace Infra.Domain.Settings;

/// <summary>The kind of stack. Only the configuration differs between them; the program is the same.</summary>
public enum DeploymentEnvironment
{
    Local,
    Staging,
    Prod,
}
