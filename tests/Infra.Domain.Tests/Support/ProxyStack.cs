using Infra.Domain.Settings;

namespace Infra.Domain.Tests.Support;

/// <summary>A stack with every kind of route the proxy renders: host, path prefix, both, the catch-all, and a worker without a route.</summary>
public static class ProxyStack
{
    public static StackSettings Prod(string activeSlot = Slots.Blue) => new()
    {
        StackName = "prod",
        Environment = DeploymentEnvironment.Prod,
        Server = new ServerSettings { Provider = ServerProviders.DigitalOcean },
        Services =
        [
            Service("web", 3000, new RouteSettings { PathPrefix = "/" }),
            Service("api", 8000, new RouteSettings { PathPrefix = "/api/" }),
            Service("admin", 4000, new RouteSettings { Host = "Admin.Acme.Example" }),
            Service("chat", 3004, new RouteSettings { Host = "acme.example", PathPrefix = "/ws", WebSockets = true }),
            new ServiceSettings { Name = "worker", Image = "ghcr.io/acme/api", HealthCommand = ["node", "health.js"] },
        ],
        Release = new ReleaseSettings { ActiveSlot = activeSlot },
        Proxy = new ProxySettings { HttpPort = 80, HttpsPort = 443, PreviewPort = 8080 },
        Edge = new EdgeSettings { Domain = "acme.example", ZoneId = "0123456789abcdef0123456789abcdef", Proxied = true, Records = ["@", "admin"] },
    };

    private static ServiceSettings Service(string name, int port, RouteSettings route) =>
        new() { Name = name, Image = $"ghcr.io/acme/{name}", Port = port, HealthPath = "/health", Route = route };
}
