using System.CommandLine;
using Infra.Release.Commands;
using Infra.Release.Operations;

namespace Infra.Release.Cli;

/// <summary>The operators' read and inspect commands: status, logs, exec.</summary>
public static class OperatorCommands
{
    public static void AddTo(RootCommand root, ReleaseServices services)
    {
        root.Subcommands.Add(Status(services));
        root.Subcommands.Add(Logs(services));
        root.Subcommands.Add(Exec(services));
    }

    private static Command Status(ReleaseServices services)
    {
        var status = new Command("status", "Each service in each slot (version, digest, state, health asked now, start time), the slot the proxy sends traffic to, accessories, the last backup and pending configuration; exits 1 when anything is unhealthy.");
        var stack = ReleaseCli.StackOption(status);
        var json = new Option<bool>("--json") { Description = "Print the status as JSON, for machines." };
        status.Options.Add(json);
        status.SetAction((result, cancel) => new StatusCommand(services).RunAsync(result.GetValue(stack), result.GetValue(json), cancel));
        return status;
    }

    private static Command Logs(ReleaseServices services)
    {
        var logs = new Command("logs", "A container's logs: a service in a slot, an accessory, the proxy, or backup-schedule (the local stack's backup scheduler); over SSH on a server, directly on the local engine.");
        var stack = ReleaseCli.StackOption(logs);
        var name = new Argument<string>("name") { Description = "A service, an accessory, proxy, or backup-schedule." };
        var slot = SlotOption(logs);
        var since = new Option<string?>("--since") { Description = "Only lines since a duration ago (10m, 1h30m) or a time (2026-12-01T09:00:00Z)." };
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until interrupted." };
        logs.Arguments.Add(name);
        logs.Options.Add(since);
        logs.Options.Add(tail);
        logs.Options.Add(follow);
        logs.SetAction((result, cancel) => new LogsCommand(services).RunAsync(
            result.GetValue(stack), result.GetValue(name)!, result.GetValue(slot), result.GetValue(since), result.GetValue(tail), result.GetValue(follow), cancel));
        return logs;
    }

    private static Command Exec(ReleaseServices services)
    {
        var exec = new Command("exec", "Run a command (e.g. a console) in a new container of a slot's image, with that slot's env and secrets, on the stack's network, removed afterwards: release exec <service> --stack S -- <command>.");
        var stack = ReleaseCli.StackOption(exec);
        var service = new Argument<string>("service") { Description = "The service whose image, env and secrets to use." };
        var command = new Argument<string[]>("command") { Description = "The command and its arguments, after --.", Arity = ArgumentArity.ZeroOrMore };
        var slot = SlotOption(exec);
        var reuse = new Option<bool>("--reuse") { Description = "Run in the slot's running container (docker exec) instead of a new one." };
        exec.Arguments.Add(service);
        exec.Arguments.Add(command);
        exec.Options.Add(reuse);
        exec.SetAction((result, cancel) => new ExecCommand(services).RunAsync(
            result.GetValue(stack), result.GetValue(service)!, result.GetValue(slot), result.GetValue(reuse), result.GetValue(command) ?? [], cancel));
        return exec;
    }

    private static Option<string?> SlotOption(Command command)
    {
        var option = new Option<string?>("--slot") { Description = $"{string.Join(", ", SlotChoice.All)}; the active slot by default." };
        command.Options.Add(option);
        return option;
    }
}
