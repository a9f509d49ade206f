using Pulumi;
using Command = Pulumi.Command;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class LocalEngineArgs : ResourceArgs
{
    /// <summary>Docker endpoint; the engine's default socket when null.</summary>
    public string? DockerHost { get; init; }

    public required Infra.Domain.Hosting.DockerNames Names { get; init; }
}

/// <summary>The server contract on this machine's own Docker engine: no cloud account needed.</summary>
public sealed class LocalEngine : ComponentResource, IDockerHost
{
    public LocalEngine(string name, LocalEngineArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.LocalEngine, name, args, opts)
    {
        _dockerHost = args.DockerHost;
        DockerProvider = new Docker.Provider($"{name}-docker", new Docker.ProviderArgs
        {
            Host = args.DockerHost!,
        }, new CustomResourceOptions { Parent = this });

        Ready = new Command.Local.Command($"{name}-ready", new Command.Local.CommandArgs
        {
            Create = "docker info --format '{{.ServerVersion}}'",
            Environment = args.DockerHost is null ? new InputMap<string>() : new InputMap<string> { ["DOCKER_HOST"] = args.DockerHost },
        }, new CustomResourceOptions { Parent = this });

        Network = new Docker.Network($"{name}-network", new Docker.NetworkArgs
        {
            Name = args.Names.Network,
            Driver = "bridge",
        }, new CustomResourceOptions { Parent = this, Provider = DockerProvider, DependsOn = { Ready } });

        Names = args.Names;
        PublicAddress = Output.Create("127.0.0.1");
        RegisterOutputs(new Dictionary<string, object?> { ["publicAddress"] = PublicAddress });
    }

    private readonly string? _dockerHost;

    public Resource RunOnHost(string name, HostCommand command, CustomResourceOptions options) => Declare(name, command, options);

    public (Resource Step, Output<string> Stdout) ReadFromHost(string name, HostCommand command, CustomResourceOptions options)
    {
        var step = Declare(name, command, options);
        return (step, step.Stdout);
    }

    private Command.Local.Command Declare(string name, HostCommand command, CustomResourceOptions options)
    {
        var args = new Command.Local.CommandArgs
        {
            Create = command.Create,
            Triggers = command.Triggers,
            // Our host scripts are bash (pipefail, arrays); the remote side runs root's shell, bash on Debian.
            Interpreter = { "/bin/bash", "-c" },
            Environment = _dockerHost is null ? new InputMap<string>() : new InputMap<string> { ["DOCKER_HOST"] = _dockerHost },
        };
        if (command.Stdin is not null)
        {
            args.Stdin = command.Stdin;
        }

        return new Command.Local.Command(name, args, CustomResourceOptions.Merge(options, new CustomResourceOptions { DependsOn = { Ready } }));
    }

    public Docker.Provider DockerProvider { get; }

    public Resource Ready { get; }

    public Docker.Network Network { get; }

    public Infra.Domain.Hosting.DockerNames Names { get; }

    [Output]
    public Output<string> PublicAddress { get; private set; }
}
