using Infra.Domain.Settings;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests.Engine;

/// <summary>
/// The local stack's resources applied to a real Docker engine (see <see cref="Applier"/>), through a
/// release under load from keep-alive clients that never retry.
/// </summary>
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public class LocalStackOnEngineTests
{
    [SkippableFact]
    public async Task A_release_cycle_under_load_fails_no_request_and_restarts_no_live_container()
    {
        await using var cycle = await LocalStackCycle.Create();
        var result = await cycle.Run();

        Assert.True(result.Load.Failures.Count == 0, result.Load.Describe() + "\n" + string.Join("\n", result.Load.Failures.Take(5)));
        // The load client records each answer's body: /version names the release that answered.
        Assert.True(result.Answered("1") > 0 && result.Answered("2") > 0, result.Load.Describe());
        Assert.Equal((200, Slots.Green, "2"), result.Preview);
        Assert.Equal(result.BlueBefore, result.BlueAfter);
        Assert.Equal(result.GreenAfterDeploy, result.GreenAfter);
        Assert.Equal(2, result.BlueAfter.Count);
        Assert.Equal(0, result.LiveRestarts);
        // The release task ran once, from release 2's image, and saw its secret.
        var taskRuns = cycle.Applier.Log.Where(l => l.StartsWith("run ", StringComparison.Ordinal) && l.Contains(LocalStackCycle.ReleaseTask, StringComparison.Ordinal)).ToList();
        Assert.Single(taskRuns, l => l.Contains("green", StringComparison.Ordinal));
        // After the proxy restarted, the active slot it kept is blue.
        Assert.Equal((200, Slots.Blue, "1"), await LocalStackCycle.Get(cycle.PublicPort, "/version"));
    }
}
