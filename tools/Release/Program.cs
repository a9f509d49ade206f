using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Release.Backend;
using Infra.Release.Backups;
using Infra.Release.Cli;
using Infra.Release.Commands;
using Infra.Release.Engine;
using Infra.Release.Health;
using Infra.Release.Hosting;
using Infra.Release.Hosts;
using Infra.Release.Locking;
using Infra.Release.Stacks;
using Infra.Release.Tool;
using Pulumi.Automation;

var workDir = FindProjectFolder(Directory.GetCurrentDirectory());
using var probe = new DeferredHealthProbe(TimeSpan.FromSeconds(5));

var services = new ReleaseServices(
    Engines: SelectStackAsync,
    Locks: stack =>
    {
        UseLocalBackend(stack);
        return new DeferredLock(() => Backends.Lock(stack));
    },
    Probe: probe,
    Timing: HealthTiming.Default,
    Servers: async (stack, cancel) => stack.Settings.Server.IsDigitalOcean
        ? new SshShell(await RememberedAddressAsync(stack, cancel))
        : new LocalShell(stack.Settings.Server.DockerHost),
    Console: new TerminalConsole(),
    Environment: Environment.GetEnvironmentVariable)
{
    Interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected,
    HelperImage = Environment.GetEnvironmentVariable(ReleaseServices.HelperImageVariable) is { Length: > 0 } helper ? helper : Infra.Domain.Hosting.HelperImage.Reference,
    StackFiles = stack => StackFileConfig.Load(Path.Combine(workDir, $"Pulumi.{stack}.yaml"), Environment.GetEnvironmentVariable),
    Hosts = async (settings, cancel) => settings.Server.IsDigitalOcean
        ? new SshShell(HostAddresses.Default.Read(settings.StackName) ?? await AddressFromOutputsAsync(settings.StackName, cancel))
        : new LocalShell(settings.Server.DockerHost),
};

return await ReleaseCli.Build(services, TimeProvider.System).Parse(args).InvokeAsync();

async Task<string> RememberedAddressAsync(StackContext stack, CancellationToken cancel)
{
    var address = await stack.PublicAddressAsync(cancel);
    HostAddresses.Default.Remember(stack.Name, address);
    return address;
}

async Task<string> AddressFromOutputsAsync(string stackName, CancellationToken cancel)
{
    Console.Error.WriteLine($"the address of stack '{stackName}' is not remembered on this machine yet; reading it from the stack's outputs first (seconds)");
    await using var engine = await SelectStackAsync(stackName, cancel);
    return await RememberedAddressAsync(await StackContext.LoadAsync(engine, Environment.GetEnvironmentVariable, cancel), cancel);
}

// As scripts/local-up: the local stack's state in ./.pulumi-state, throwaway local secrets. Both the
// engine and the release lock must see it, so it is set before either is used.
void UseLocalBackend(string stackName)
{
    if (stackName == KnownStacks.Local && Environment.GetEnvironmentVariable("PULUMI_BACKEND_URL") is null)
    {
        Directory.CreateDirectory(Path.Combine(workDir, ".pulumi-state"));
        Environment.SetEnvironmentVariable("PULUMI_BACKEND_URL", $"file://{workDir}/.pulumi-state");
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_PASSPHRASE", Environment.GetEnvironmentVariable("PULUMI_CONFIG_PASSPHRASE") ?? "local-only");
    }
}

async Task<IStackEngine> SelectStackAsync(string stackName, CancellationToken cancel)
{
    var pulumi = PulumiCli.Require(Environment.GetEnvironmentVariable);
    UseLocalBackend(stackName);

    Environment.SetEnvironmentVariable("PULUMI_DIY_BACKEND_RETAIN_CHECKPOINTS", "true");
    var backend = Backends.Current;
    IPastCheckpoints checkpoints = backend.IsSelfManaged
        ? new DiyPastCheckpoints(Backends.Store(backend), ProjectName(workDir))
        : new CloudPastCheckpoints(pulumi, workDir);
    var program = new LocalProgramArgs(stackName, workDir);
    if (stackName == KnownStacks.Local)
    {
        return new AutomationStackEngine(await LocalWorkspace.CreateOrSelectStackAsync(program, cancel), checkpoints);
    }

    try
    {
        // Never create staging or prod here: against the wrong backend that would be an empty stack, and up would build everything twice.
        return new AutomationStackEngine(await LocalWorkspace.SelectStackAsync(program, cancel), checkpoints);
    }
    catch (Pulumi.Automation.Commands.Exceptions.StackNotFoundException)
    {
        throw new Infra.Release.ReleaseRefusal($"stack '{stackName}' does not exist in the backend {backend.Location}; check PULUMI_BACKEND_URL, or create it once with `pulumi stack init {stackName}`");
    }
}

static string FindProjectFolder(string start)
{
    for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Pulumi.yaml")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException($"no Pulumi.yaml in {start} or above; run the tool inside the repository");
}

static string ProjectName(string workDir) =>
    File.ReadLines(Path.Combine(workDir, "Pulumi.yaml"))
        .Select(line => line.Trim())
        .First(line => line.StartsWith("name:", StringComparison.Ordinal))["name:".Length..].Trim();

/// <summary>Builds the lock only when a command takes it, so a missing lock store refuses with the command's one line.</summary>
internal sealed class DeferredLock(Func<IReleaseLock> create) : IReleaseLock
{
    private IReleaseLock Inner => field ??= create();

    public Task<IAsyncDisposable> AcquireAsync(string command, CancellationToken cancel) => Inner.AcquireAsync(command, cancel);

    public Task<LockHolder?> ReadAsync(CancellationToken cancel) => Inner.ReadAsync(cancel);

    public Task BreakAsync(CancellationToken cancel) => Inner.BreakAsync(cancel);
}
