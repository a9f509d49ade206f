using Pulumi;
using Docker = Pulumi.Docker;

namespace Infra.Components;

/// <summary>
/// The contract every server offers, droplet or local engine: a Docker provider bound to it, a
/// readiness step that Docker resources depend on, and the private network the containers share.
/// </summary>
public interface IDockerHost
{
    Docker.Provider DockerProvider { get; }

    Resource Ready { get; }

    Docker.Network Network { get; }

    /// <summary>The stack's naming rule for containers, volumes and the network.</summary>
    Infra.Domain.Hosting.DockerNames Names { get; }

    Output<string> PublicAddress { get; }

    /// <summary>Declares a command that runs on the host, after it is ready.</summary>
    Resource RunOnHost(string name, HostCommand command, CustomResourceOptions options);

    /// <summary>Declares a command that runs on the host, after it is ready, and whose standard output the stack reads.</summary>
    (Resource Step, Output<string> Stdout) ReadFromHost(string name, HostCommand command, CustomResourceOptions options);
}
