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
}
