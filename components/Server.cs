using Infra.Domain.Servers;
using Infra.Domain.Settings;
using Pulumi;
using Command = Pulumi.Command;
using DigitalOcean = Pulumi.DigitalOcean;
using Docker = Pulumi.Docker;

namespace Infra.Components;

public sealed class ServerArgs : ResourceArgs
{
    public required string StackName { get; init; }
    public required ServerSettings Settings { get; init; }
    public required IReadOnlyList<FirewallRule> InboundRules { get; init; }
    public required IReadOnlyList<FirewallRule> OutboundRules { get; init; }
    public required Infra.Domain.Hosting.DockerNames Names { get; init; }

    /// <summary>Private key for the readiness check over SSH; the SSH agent is used when null.</summary>
    public Output<string>? SshPrivateKey { get; init; }
}

/// <summary>
/// A droplet in its own VPC, with a reserved IP that survives a replacement, a data volume that
/// outlives the stack, and a firewall that admits only the web ports and SSH from the admins.
/// Docker on it is reached over SSH once cloud-init has finished.
/// </summary>
public sealed class Server : ComponentResource, IDockerHost
{
    public Server(string name, ServerArgs args, ComponentResourceOptions? opts = null)
        : base(ComponentTypes.Server, name, args, opts)
    {
        var settings = args.Settings;
        var region = settings.Region!;
        var names = new StackNames(args.StackName);
        var volumeName = names.DataVolume;

        var vpc = new DigitalOcean.Vpc($"{name}-vpc", new DigitalOcean.VpcArgs
        {
            Name = names.Own,
            Region = region,
        }, new CustomResourceOptions { Parent = this });

        var volume = new DigitalOcean.Volume($"{name}-volume", new DigitalOcean.VolumeArgs
        {
            Name = volumeName,
            Region = region,
            Size = settings.DataVolumeGb,
            InitialFilesystemType = "ext4",
            Description = $"Docker data and app volumes of stack {args.StackName}",
        }, new CustomResourceOptions { Parent = this, Protect = true, RetainOnDelete = true });

        var droplet = new DigitalOcean.Droplet($"{name}-droplet", new DigitalOcean.DropletArgs
        {
            Name = names.Own,
            Image = settings.Image!,
            Size = settings.Size!,
            Region = region,
            VpcUuid = vpc.Id,
            SshKeys = settings.SshKeys.ToList(),
            Monitoring = true,
            Backups = settings.DropletBackups,
            Ipv6 = true,
            GracefulShutdown = true,
            UserData = CloudInit.Render(volumeName),
            VolumeIds = { volume.Id },
            Tags = { names.Own },
        }, new CustomResourceOptions
        {
            Parent = this,
            Protect = true,
            // A changed cloud-init would replace the server; rebuilding is an explicit, separate act.
            IgnoreChanges = { "userData" },
        });
        var dropletId = droplet.Id.Apply(int.Parse);

        var reservedIp = new DigitalOcean.ReservedIp($"{name}-ip", new DigitalOcean.ReservedIpArgs
        {
            Region = region,
        }, new CustomResourceOptions { Parent = this, Protect = true });

        var assignment = new DigitalOcean.ReservedIpAssignment($"{name}-ip-assignment", new DigitalOcean.ReservedIpAssignmentArgs
        {
            IpAddress = reservedIp.IpAddress,
            DropletId = dropletId,
        }, new CustomResourceOptions { Parent = this });

        var firewall = new DigitalOcean.Firewall($"{name}-firewall", new DigitalOcean.FirewallArgs
        {
            Name = names.Own,
            DropletIds = { dropletId },
            InboundRules = args.InboundRules.Select(FirewallRules.Inbound).ToList(),
            OutboundRules = args.OutboundRules.Select(FirewallRules.Outbound).ToList(),
        }, new CustomResourceOptions { Parent = this });

        Address = reservedIp.IpAddress;
        var connection = new Command.Remote.Inputs.ConnectionArgs
        {
            Host = Address,
            User = SshAccess.User,
            DialErrorLimit = 30,
        };
        if (args.SshPrivateKey is { } privateKey)
        {
            connection.PrivateKey = privateKey;
        }

        Connection = connection;
        Ready = new Command.Remote.Command($"{name}-ready", new Command.Remote.CommandArgs
        {
            Connection = connection,
            Create = ServerReadiness.Script,
            Triggers = new InputList<object> { (Input<object>)droplet.Id.Apply(id => (object)id) },
        }, new CustomResourceOptions { Parent = this, DependsOn = { assignment, firewall } });

        DockerProvider = new Docker.Provider($"{name}-docker", new Docker.ProviderArgs
        {
            Host = Output.Format($"ssh://{SshAccess.User}@{Address}"),
            SshOpts = { "-o", SshAccess.HostKeyOption, "-o", "ServerAliveInterval=15" },
        }, new CustomResourceOptions { Parent = this, DependsOn = { Ready } });

        Network = new Docker.Network($"{name}-network", new Docker.NetworkArgs
        {
            Name = args.Names.Network,
            Driver = "bridge",
        }, new CustomResourceOptions { Parent = this, Provider = DockerProvider, DependsOn = { Ready } });

        Names = args.Names;
        DropletId = droplet.Id;
        VolumeId = volume.Id;
        PublicAddress = Address;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["publicAddress"] = PublicAddress,
            ["dropletId"] = DropletId,
            ["volumeId"] = VolumeId,
        });
    }

    private Output<string> Address { get; }

    private Command.Remote.Inputs.ConnectionArgs Connection { get; }

    public Resource RunOnHost(string name, HostCommand command, CustomResourceOptions options) => Declare(name, command, options);

    public (Resource Step, Output<string> Stdout) ReadFromHost(string name, HostCommand command, CustomResourceOptions options)
    {
        var step = Declare(name, command, options);
        return (step, step.Stdout);
    }

    private Command.Remote.Command Declare(string name, HostCommand command, CustomResourceOptions options)
    {
        var args = new Command.Remote.CommandArgs { Connection = Connection, Create = command.Create, Triggers = command.Triggers };
        if (command.Stdin is not null)
        {
            args.Stdin = command.Stdin;
        }

        return new Command.Remote.Command(name, args, CustomResourceOptions.Merge(options, new CustomResourceOptions { DependsOn = { Ready } }));
    }

    public Docker.Provider DockerProvider { get; }

    public Resource Ready { get; }

    public Docker.Network Network { get; }

    public Infra.Domain.Hosting.DockerNames Names { get; }

    [Output]
    public Output<string> PublicAddress { get; private set; }

    [Output]
    public Output<string> DropletId { get; private set; }

    [Output]
    public Output<string> VolumeId { get; private set; }
}
