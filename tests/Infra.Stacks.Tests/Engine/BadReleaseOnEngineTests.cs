using System.Text.Json.Nodes;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;
using Infra.Stacks.Tests.Support;

namespace Infra.Stacks.Tests.Engine;

/// <summary>
/// Bad releases on the real engine (issue 10, item 4): each is deployed into the idle slot under load
/// and must fail the update, with traffic staying on the live slot and no request failing. The
/// readiness cases deploy with the services' <c>readyTimeoutSeconds</c> lowered to
/// <see cref="ShortReadySeconds"/> (a stack-file setting, pinned into the slot like any other), so a
/// release that never becomes ready fails within that deadline instead of the default 180 s.
/// </summary>
[Trait(RequiresProgram.Trait, DockerEngine.Trait)]
public class BadReleaseOnEngineTests
{
    /// <summary>The readiness deadline the bad releases are deployed with.</summary>
    public const int ShortReadySeconds = 15;

    [SkippableFact]
    public async Task A_release_whose_health_never_answers_2xx_fails_the_update_and_traffic_stays_on_the_old_slot()
    {
        await using var cycle = await LocalStackCycle.Create();
        var bad = LocalStackCycle.Release("bad-health", await DockerEngine.Image("app", "3", "no-health"), cycle.Stand.Api["2"]);
        var outcome = await DeployFailing(cycle, () =>
        {
            ShortenReadiness(cycle);
            cycle.Deploy(Slots.Green, bad);
        });

        // The probe names the service in the slot, and what its health path last answered.
        Assert.True(outcome.Error.Contains($"web-{Slots.Green} is not ready", StringComparison.Ordinal) && outcome.Error.Contains("status 404", StringComparison.Ordinal), outcome.Error);
        outcome.AssertTrafficStayedOnBlue();
    }

    [SkippableFact]
    public async Task A_release_whose_health_answers_500_fails_the_update_and_traffic_stays_on_the_old_slot()
    {
        await using var cycle = await LocalStackCycle.Create();
        var bad = LocalStackCycle.Release("health-500", cycle.Stand.Web["2"], await DockerEngine.Image("shell-app", "3", "health-500"));
        var outcome = await DeployFailing(cycle, () =>
        {
            ShortenReadiness(cycle);
            cycle.Deploy(Slots.Green, bad);
        });

        Assert.True(
            outcome.Error.Contains($"api-{Slots.Green} is not ready", StringComparison.Ordinal)
            && outcome.Error.Contains("status 500", StringComparison.Ordinal)
            && outcome.Error.Contains($"within {ShortReadySeconds} s", StringComparison.Ordinal),
            outcome.Error);
        outcome.AssertTrafficStayedOnBlue();
    }

    [SkippableFact]
    public async Task A_release_task_that_exits_non_zero_fails_the_update_and_nothing_is_promoted()
    {
        await using var cycle = await LocalStackCycle.Create();
        var outcome = await DeployFailing(cycle, () =>
        {
            cycle.EditServices(services =>
            {
                var api = services.Single(s => (string)s!["name"]! == "api")!;
                api["releaseTasks"]![0]!["command"] = new JsonArray("sh", "-c", "echo migration refused >&2; exit 3");
            });
            cycle.Deploy(Slots.Green, "2");
        });

        // The applier surfaces the failing command with its exit status and output.
        Assert.Contains(LocalStackCycle.ReleaseTask, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("migration refused", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("exited 3", outcome.Error, StringComparison.Ordinal);
        outcome.AssertTrafficStayedOnBlue();
    }

    [SkippableFact]
    public async Task A_container_that_never_becomes_ready_fails_the_update_naming_the_service()
    {
        await using var cycle = await LocalStackCycle.Create();
        var outcome = await DeployFailing(cycle, () =>
        {
            // Listens, but not on the port the stack routes to and probes: it never becomes ready.
            ShortenReadiness(cycle);
            cycle.EditServices(services => services.Single(s => (string)s!["name"]! == "web")!["command"] = new JsonArray("/httpd", "-f", "-p", "3999", "-h", "/www"));
            cycle.Deploy(Slots.Green, "2");
        });

        Assert.True(outcome.Error.Contains($"web-{Slots.Green} is not ready", StringComparison.Ordinal) && outcome.Error.Contains($"within {ShortReadySeconds} s", StringComparison.Ordinal), outcome.Error);
        outcome.AssertTrafficStayedOnBlue();
    }

    /// <summary>Every service's readyTimeoutSeconds lowered in the stack file; the next deploy pins it into its slot.</summary>
    private static void ShortenReadiness(LocalStackCycle cycle) =>
        cycle.EditServices(services =>
        {
            foreach (var service in services)
            {
                service!["readyTimeoutSeconds"] = ShortReadySeconds;
            }
        });

    private sealed record Outcome(string Error, LoadResult Load, IReadOnlyList<string> BlueBefore, IReadOnlyList<string> BlueAfter, (int Status, string Slot, string Body) After)
    {
        public void AssertTrafficStayedOnBlue()
        {
            Assert.True(Load.Failures.Count == 0, Load.Describe() + "\n" + string.Join("\n", Load.Failures.Take(5)));
            Assert.True(Load.Requests.Count > 0, Load.Describe());
            // /version names the release: every answer came from release 1 in blue.
            Assert.All(Load.Requests, r => Assert.Equal("1", r.Slot?.Trim()));
            Assert.Equal(BlueBefore, BlueAfter);
            Assert.Equal((200, Slots.Blue, "1"), After);
        }
    }

    /// <summary>Release 1 live in blue; under load, <paramref name="deploy"/> then an apply that must fail.</summary>
    private static async Task<Outcome> DeployFailing(LocalStackCycle cycle, Action deploy)
    {
        await cycle.Apply();
        await cycle.WaitForPublic(Slots.Blue);
        var blueBefore = await cycle.SlotContainers(Slots.Blue);
        var load = LoadClient.Start(cycle.PublicPort, ["/version"], connections: 2, requestsPerSecond: 50);
        ApplyException error;
        LoadResult result;
        try
        {
            deploy();
            error = await Assert.ThrowsAsync<ApplyException>(cycle.Apply);
        }
        finally
        {
            result = await load.StopAsync();
        }

        return new Outcome(error.Message, result, blueBefore, await cycle.SlotContainers(Slots.Blue), await LocalStackCycle.Get(cycle.PublicPort, "/version"));
    }
}
