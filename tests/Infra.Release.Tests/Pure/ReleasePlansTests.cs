using Infra.Domain.Settings;
using Infra.Release.Engine;
using Infra.Release.Plans;

namespace Infra.Release.Tests.Pure;

public class ReleasePlansTests
{
    private static readonly SlotRelease V2 = new()
    {
        Version = "2.0",
        Images = new Dictionary<string, string> { ["web"] = "web@sha256:2", ["api"] = "api@sha256:2" },
        Services = [new ServiceSettings { Name = "web", Image = "web", Port = 3000, HealthPath = "/health" }],
    };

    [Fact]
    public void Into_a_slot_writes_the_version_the_images_in_service_order_and_the_pinned_services_and_drops_stale_images()
    {
        var writes = ReleasePlans.IntoSlot("green", V2, previous: new SlotRelease { Version = "1.0", Images = new Dictionary<string, string> { ["old"] = "old@sha256:1" } });

        Assert.Equal(
        [
            new ConfigWrite("infra:release.slots.green.version", "2.0"),
            ConfigWrite.Remove("infra:release.slots.green.images.old"),
            new ConfigWrite("infra:release.slots.green.images.api", "api@sha256:2"),
            new ConfigWrite("infra:release.slots.green.images.web", "web@sha256:2"),
            ConfigWrite.Whole("infra:greenSlotServices", """[{"name":"web","image":"web","port":3000,"healthPath":"/health","command":[],"env":{},"secrets":{},"memoryMb":512,"restart":"unless-stopped","dependsOn":[],"volumes":[],"releaseTasks":[],"readyTimeoutSeconds":180}]"""),
        ], writes);
    }

    [Fact]
    public void Restoring_a_slot_removes_what_the_new_release_added_and_puts_the_old_values_back()
    {
        var before = new SlotRelease { Version = "1.0", Images = new Dictionary<string, string> { ["web"] = "web@sha256:1" } };

        var writes = ReleasePlans.RestoreSlot("green", before, V2);

        Assert.Equal(
        [
            new ConfigWrite("infra:release.slots.green.version", "1.0"),
            ConfigWrite.Remove("infra:release.slots.green.images.api"),
            new ConfigWrite("infra:release.slots.green.images.web", "web@sha256:1"),
            ConfigWrite.Whole("infra:greenSlotServices", null),
        ], writes);
    }

    [Fact]
    public void Activating_a_slot_is_one_write()
    {
        Assert.Equal([new ConfigWrite("infra:release.activeSlot", "blue")], ReleasePlans.Activate("blue"));
    }

    [Fact]
    public void A_whole_value_write_prints_its_size_not_its_content()
    {
        Assert.Equal("infra:greenSlotServices = (9 characters of JSON)", ConfigWrite.Whole("infra:greenSlotServices", """[{"a":1}]""").ToString());
    }
}
