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
        // The release task ran once per deploy into green (release 2, then the rotated release 1), from the release's image, and saw its secret.
        var taskRuns = cycle.Applier.Log.Where(l => l.StartsWith("run ", StringComparison.Ordinal) && l.Contains(LocalStackCycle.ReleaseTask, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, taskRuns.Count(l => l.Contains("green", StringComparison.Ordinal)));
        // The rotation: the new live slot runs with the new value, the old one kept the value it was deployed with.
        var rotation = result.Rotation;
        Assert.NotEqual(rotation.OldValue, rotation.NewValue);
        Assert.Equal(rotation.NewValue, rotation.GreenApiValue);
        Assert.Equal(rotation.OldValue, rotation.BlueApiValue);
        Assert.Equal(rotation.BlueBefore, rotation.BlueAfter);
        Assert.Equal(rotation.GreenDeployed, rotation.GreenAfter);
        Assert.NotEqual(result.GreenAfter, rotation.GreenDeployed);
        // After the proxy restarted, the active slot it kept is green, running release 1 again.
        Assert.Equal((200, Slots.Green, "1"), await LocalStackCycle.Get(cycle.PublicPort, "/version"));
        // A backup into the local backup store, restored into a scratch database, by the stack's wrappers with only docker on the host.
        Assert.Equal((LocalStackCycle.BackupRows, LocalStackCycle.BackupRows), (result.Backup.LiveRows, result.Backup.RestoredRows));
        Assert.Contains("result=ok", result.Backup.LastStatus, StringComparison.Ordinal);
        // Its size, from restic's own summary in the helper (status shows it).
        Assert.Matches($"(?m)^{Infra.Domain.Backups.BackupSizeFields.SizeBytes}=[1-9][0-9]*$", result.Backup.LastStatus);
    }
}
