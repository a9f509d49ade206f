using Infra.Release.Engine;
using Infra.Release.State;

namespace Infra.Release.Tests.Pure;

public class StateDiffTests
{
    private static StackState State(params string[] resources) =>
        new("""{"version":3,"deployment":{"resources":[""" + string.Join(",", resources) + "]}}");

    private const string Db = """{"urn":"urn:db","type":"docker:index/container:Container","id":"c1","protect":true,"inputs":{"image":"pg"}}""";
    private const string DbNewImage = """{"urn":"urn:db","type":"docker:index/container:Container","id":"c2","protect":true,"inputs":{"image":"pg2"}}""";
    private const string Volume = """{"urn":"urn:vol","type":"docker:index/volume:Volume","id":"v1"}""";
    private const string Web = """{"urn":"urn:web","type":"docker:index/container:Container","id":"w1"}""";

    [Fact]
    public void Names_what_a_checkpoint_adds_removes_and_changes_by_field_never_by_value()
    {
        var diff = StateDiff.Between(State(Db, Web), State(DbNewImage, Volume));

        Assert.Equal(["urn:vol"], diff.Added);
        Assert.Equal(["urn:web"], diff.Removed);
        Assert.Equal([new ChangedResource("urn:db", ["id", "inputs"])], diff.Changed, (a, b) => a.Urn == b.Urn && a.Fields.SequenceEqual(b.Fields));
        Assert.Equal(
        [
            "  + urn:vol  (in the checkpoint, not in the current state)",
            "  - urn:web  (in the current state, not in the checkpoint)",
            "  ~ urn:db  (id, inputs)",
        ], diff.Lines());
        Assert.DoesNotContain(diff.Lines(), line => line.Contains("pg2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_state_is_empty_and_a_resource_pending_deletion_gives_way_to_its_replacement()
    {
        const string pendingDelete = """{"urn":"urn:db","type":"docker:index/container:Container","id":"old","delete":true}""";

        Assert.True(StateDiff.Between(State(Db, Volume), State(Db, Volume)).IsEmpty);
        Assert.True(StateDiff.Between(State(Db), State(pendingDelete, Db)).IsEmpty);
    }
}
