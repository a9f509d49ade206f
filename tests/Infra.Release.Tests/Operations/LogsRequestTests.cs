using Infra.Release.Operations;

namespace Infra.Release.Tests.Operations;

public class LogsRequestTests
{
    [Fact]
    public void Composes_docker_logs_with_only_the_options_given()
    {
        Assert.Equal(["docker", "logs", "staging_db"], LogsRequest.Checked(null, null, false).DockerLogs("staging_db"));
        Assert.Equal(
            ["docker", "logs", "--since", "1h30m", "--tail", "200", "--follow", "staging_api-blue"],
            LogsRequest.Checked("1h30m", 200, true).DockerLogs("staging_api-blue"));
    }

    [Theory]
    [InlineData("10m")]
    [InlineData("45s")]
    [InlineData("1.5h")]
    [InlineData("2026-12-01")]
    [InlineData("2026-12-01T09:00:00Z")]
    [InlineData("2026-12-01T09:00:00.5+01:00")]
    public void Takes_the_durations_and_times_docker_takes(string since)
    {
        Assert.Equal(since, LogsRequest.Checked(since, null, false).Since);
    }

    [Theory]
    [InlineData("10 minutes")]
    [InlineData("10")]
    [InlineData("yesterday")]
    [InlineData("-5m")]
    public void Refuses_anything_else_for_since_naming_the_option(string since)
    {
        Assert.Equal(
            $"--since '{since}' is neither a duration (e.g. 10m, 1h30m, 45s) nor a time (e.g. 2026-12-01T09:00:00Z)",
            Assert.Throws<ReleaseRefusal>(() => LogsRequest.Checked(since, null, false)).Message);
    }

    [Fact]
    public void Refuses_a_negative_tail()
    {
        Assert.Equal("--tail -1 is negative; give the number of last lines to show", Assert.Throws<ReleaseRefusal>(() => LogsRequest.Checked(null, -1, false)).Message);
    }
}
