using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Release.Backups;
using Infra.Release.Hosts;
using Infra.Release.Stacks;
using Infra.Release.Status;

namespace Infra.Release.Commands;

/// <summary>
/// One view of the stack as it runs now: every service in every slot, the slot the proxy itself sends
/// traffic to, the accessories, the last backup and pending configuration. Reads only; exits non-zero
/// when anything is unhealthy.
/// </summary>
public sealed class StatusCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, bool json, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            var context = await services.LoadAsync(engine, cancel);
            var shell = await services.Servers(context, cancel);
            var status = StatusBuilder.Build(await ReadAsync(context, shell, cancel));
            var now = services.Clock.GetUtcNow();
            services.Console.Out(json ? StatusView.ToJson(status) : string.Join("\n", StatusView.Text(status, now)));
            return status.Healthy ? ExitCodes.Ok : ExitCodes.Failed;
        });

    private async Task<StatusInputs> ReadAsync(StackContext stack, IServerShell shell, CancellationToken cancel)
    {
        var settings = stack.Settings;
        var run = services.RunIds();
        var inspected = await shell.RunAsync(["docker", "inspect", .. StatusBuilder.Containers(settings)], cancel);
        var containers = ContainerFacts.Parse(inspected.Output);
        if (!inspected.Succeeded && containers.Count == 0 && !inspected.Error.Contains("No such", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReleaseRefusal($"cannot ask the Docker engine of stack '{stack.Name}': {FirstLine(inspected.Error)}");
        }

        var targets = StatusBuilder.ProbeTargets(settings);
        var probes = targets.Count == 0
            ? new Dictionary<string, int>()
            : StatusProbe.ParseOutput((await shell.RunAsync(new StatusProbe(targets).HostCommand(DockerNames.For(settings), run, services.HelperImage), cancel)).Output);

        var (servers, proxyError) = await ReadProxyAsync(stack, shell, containers, run, cancel);
        var layout = BackupHostLayout.For(settings);
        var records = settings.Backup is null
            ? new BackupRecords(new Dictionary<string, string>())
            : await BackupRecords.ReadAsync(shell, layout, RestoreScript.RecordNames(BackupPlan.For(settings)), cancel);
        var pending = await PendingConfiguration.ReadAsync(stack, cancel);
        return new StatusInputs(settings, containers, probes, servers, proxyError, BackupReading.From(records), pending, services.Clock.GetUtcNow())
        {
            WalArchiving = settings.Backup is null ? [] : WalArchivingReading.From(records, settings),
        };
    }

    private async Task<(IReadOnlyList<ProxyServer>? Servers, string? Error)> ReadProxyAsync(
        StackContext stack, IServerShell shell, IReadOnlyDictionary<string, ContainerFacts> containers, string run, CancellationToken cancel)
    {
        var proxy = DockerNames.For(stack.Settings).Proxy;
        if (!containers.TryGetValue(proxy, out var facts) || !facts.IsRunning)
        {
            return (null, $"container {proxy} is {facts?.State ?? "missing"}, so no route reaches the stack");
        }

        var answer = await shell.RunAsync(RuntimeQuery.ServersState.HostCommand(stack.Settings, run, services.HelperImage), cancel);
        if (!answer.Succeeded)
        {
            return (null, $"cannot read the proxy's runtime API: {FirstLine(answer.Error)}");
        }

        try
        {
            return (ProxyServersState.Parse(answer.Output), null);
        }
        catch (ReleaseRefusal unreadable)
        {
            return (null, unreadable.Message);
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
