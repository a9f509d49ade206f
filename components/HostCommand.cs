using Pulumi;

namespace Infra.Components;

/// <summary>A shell command run on the Docker host (over SSH for a droplet, locally for the local engine).</summary>
public sealed class HostCommand
{
    public required Input<string> Create { get; init; }
    public Input<string>? Stdin { get; init; }
    public InputList<object> Triggers { get; init; } = new();
}
