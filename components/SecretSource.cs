using Pulumi;

namespace Infra.Components;

/// <summary>Resolves a config key to its secret value; always a secret output.</summary>
public delegate Output<string> SecretSource(string configKey);
