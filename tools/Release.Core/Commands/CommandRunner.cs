using Infra.Release.Engine;
using Infra.Release.Output;

namespace Infra.Release.Commands;

/// <summary>Turns the ways a command can stop into one line and an exit code.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(IReleaseConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (ReleaseRefusal refusal)
        {
            console.Error(refusal.Message);
        }
        catch (StackBusyException busy)
        {
            console.Error($"another update is running on the stack (Pulumi's lock is held): {busy.Message}");
        }
        catch (UpdateFailedException failed)
        {
            console.Error($"the update failed: {failed.Message}");
        }

        return ExitCodes.Failed;
    }
}
