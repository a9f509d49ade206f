using Infra.Release.Hosts;

namespace Infra.Release.Tests.Hosts;

public class ContainerFactsTests
{
    // Docker 20.10's `docker inspect` of a running container with a healthcheck (fields trimmed to those read and a few beside them).
    private const string Inspect = """
        [{
         "Id": "d6943dc4b5f5",
         "Created": "2026-12-02T06:53:17.709213282Z",
         "Name": "/staging_db",
         "Image": "sha256:22a3922ba6527c27e3b843916b866881369a80494caa83f9359ca841a71fad62",
         "State": {"Status": "running", "Running": true, "Pid": 8914, "StartedAt": "2026-12-02T06:53:19.212923023Z", "FinishedAt": "0001-01-01T00:00:00Z", "Health": {"Status": "healthy", "FailingStreak": 0}},
         "Config": {"Image": "postgres:16.4@sha256:9a1b8e7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b", "Labels": {"infra.accessory": "db"}}
        },
        {
         "Id": "0a1b2c3d4e5f",
         "Name": "/staging_web-green",
         "Image": "sha256:41f7111ac8081111111111111111111111111111111111111111111111111111",
         "State": {"Status": "created", "Running": false, "StartedAt": "0001-01-01T00:00:00Z"},
         "Config": {"Image": "infra-test/no-shell-app:9bb3899677e64785", "Labels": null}
        }]
        """;

    [Fact]
    public void Reads_state_health_start_image_and_labels_by_name()
    {
        var facts = ContainerFacts.Parse(Inspect);

        var db = facts["staging_db"];
        Assert.Equal(("running", "healthy", DateTimeOffset.Parse("2026-12-02T06:53:19.212923023Z", System.Globalization.CultureInfo.InvariantCulture)), (db.State, db.Health, db.StartedAt!.Value));
        Assert.True(db.IsRunning);
        Assert.Equal("sha256:9a1b8e7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b", db.Digest);
        Assert.Equal("db", db.Labels["infra.accessory"]);

        var web = facts["staging_web-green"];
        Assert.Equal(("created", null, null), (web.State, web.Health, web.StartedAt));
        Assert.False(web.IsRunning);
        Assert.Equal("sha256:41f7111ac8081111111111111111111111111111111111111111111111111111", web.Digest);
        Assert.Empty(web.Labels);
    }

    [Fact]
    public void Nothing_printed_is_no_container_and_anything_else_not_json_is_refused()
    {
        Assert.Empty(ContainerFacts.Parse(""));
        Assert.Empty(ContainerFacts.Parse("[]\n"));
        Assert.StartsWith("docker inspect printed something other than its JSON list", Assert.Throws<ReleaseRefusal>(() => ContainerFacts.Parse("Error: permission denied")).Message);
    }
}
