namespace Infra.Domain.Proxy;

/// <summary>One service's container in one slot, as a server of the proxy.</summary>
public sealed record SlotServer(string Service, string Slot, int Port)
{
    /// <summary>The container's name, which Docker's DNS resolves on the private network.</summary>
    public string ContainerName => Hosting.ShortNames.SlotContainer(Service, Slot);

    public static string DockerAddress(SlotServer server) => $"{server.ContainerName}:{server.Port}";
}
