using Infra.Release.Backups;
using Infra.Release.Hosts;

namespace Infra.Release.Tests.Hosts;

public class SshCommandLineTests
{
    [Fact]
    public void Runs_the_command_as_root_quoted_as_one_remote_line_with_a_terminal_only_when_asked()
    {
        Assert.Equal(
            ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=10", "root@203.0.113.9", "--", "docker logs --tail 5 'prod_api-blue'\"'\"''"],
            SshCommandLine.Arguments("203.0.113.9", ["docker", "logs", "--tail", "5", "prod_api-blue'"]));
        Assert.Equal(
            ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=10", "-t", "root@203.0.113.9", "--", "docker exec --interactive --tty prod_api-blue sh"],
            SshCommandLine.Arguments("203.0.113.9", ["docker", "exec", "--interactive", "--tty", "prod_api-blue", "sh"], terminal: true));
        Assert.Equal(
            ["-F", "/tmp/ssh/config", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=10", "root@127.0.0.1", "--", "true"],
            SshCommandLine.Arguments("127.0.0.1", ["true"], configFile: "/tmp/ssh/config"));
    }

    [Fact]
    public void Exit_255_is_an_unreachable_server_in_one_line_and_any_other_status_is_the_commands_own()
    {
        var unreachable = new ShellResult(255, "", "Warning: something\nssh: connect to host 203.0.113.9 port 22: Connection timed out\n");
        var failed = new ShellResult(1, "", "Error: No such object: prod_api-blue\n");

        Assert.Equal(
            "cannot reach the server root@203.0.113.9 over SSH: ssh: connect to host 203.0.113.9 port 22: Connection timed out",
            Assert.Throws<ReleaseRefusal>(() => SshCommandLine.Check("203.0.113.9", unreachable)).Message);
        Assert.Same(failed, SshCommandLine.Check("203.0.113.9", failed));
    }

    [Theory]
    [InlineData("ssh: connect to host 203.0.113.9 port 22: Connection refused")]
    [InlineData("ssh: Could not resolve hostname prod.invalid: Name or service not known")]
    [InlineData("root@203.0.113.9: Permission denied (publickey).")]
    [InlineData("Host key verification failed.")]
    [InlineData("Connection closed by 203.0.113.9 port 22")]
    [InlineData("kex_exchange_identification: read: Connection reset by peer")]
    public void Every_way_ssh_stops_before_the_session_is_an_unreachable_server(string line)
    {
        var refusal = Assert.Throws<ReleaseRefusal>(() => SshCommandLine.Check("203.0.113.9", new ShellResult(255, "", $"{line}\n")));

        Assert.Equal($"cannot reach the server root@203.0.113.9 over SSH: {line}", refusal.Message);
    }

    /// <summary>The command may have run (a switch, half a restore): saying "nothing ran" would be a lie, so the caller sees the result.</summary>
    [Theory]
    [InlineData("Connection to 203.0.113.9 closed by remote host.")]
    [InlineData("client_loop: send disconnect: Broken pipe")]
    [InlineData("")]
    public void Exit_255_after_the_session_began_stays_a_result(string line)
    {
        var lost = new ShellResult(255, "switch-to-blue: 3/5 flip: 4 server states, one runtime session\n", line);

        Assert.Same(lost, SshCommandLine.Check("203.0.113.9", lost));
    }
}
