using System.Diagnostics;
using System.Net.Sockets;
using Infra.Release.Hosts;

namespace Infra.Release.Tests.Support;

/// <summary>
/// A real OpenSSH server for the tests of the tool's SSH path (trait <c>Requires=sshd</c>): the test's own
/// sshd process on 127.0.0.1 at a free port, with a host key and a client key made here in a temp folder,
/// and an ssh configuration (<c>ssh -F</c>) that names the port, the client key and a known_hosts file
/// this test controls. Nothing in /etc changes and no service starts; sshd is stopped by its PID. The tool
/// logs in as root, so sshd runs as root, which needs the privilege separation folder /run/sshd (the
/// package's own tmpfiles.d entry makes it at boot; made here when missing, empty, as that entry says).
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    public const string Trait = "sshd";

    public const string Address = "127.0.0.1";

    private readonly DirectoryInfo _folder;
    private readonly Process _sshd;

    private SshServer(DirectoryInfo folder, int port, Process sshd)
    {
        _folder = folder;
        Port = port;
        _sshd = sshd;
    }

    public int Port { get; }

    /// <summary>The client configuration for this server, with its real host key known.</summary>
    public string ConfigFile => File(Path.Combine("client", "config"));

    public static async Task<SshServer> StartAsync()
    {
        var sshd = RequiresProgram.Program("sshd", "/usr/sbin");
        RequiresProgram.Program("ssh");
        var keygen = RequiresProgram.Program("ssh-keygen");
        if (Environment.UserName != "root")
        {
            var reason = "runs sshd as root (the tool logs in as root@), and this test runs as another user";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"under CI this test {reason}");
            Skip.If(true, reason);
        }

        var separation = await ProcessRunner.Run("mkdir", ["-p", "-m", "0755", "/run/sshd"]);
        Assert.True(separation.ExitCode == 0, separation.Error);
        var folder = Directory.CreateTempSubdirectory("infra-sshd-");
        Directory.CreateDirectory(Path.Combine(folder.FullName, "client"));
        foreach (var key in new[] { "host_key", Path.Combine("client", "key"), "stranger_key" })
        {
            var made = await ProcessRunner.Run(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", Path.GetFileName(key), "-f", Path.Combine(folder.FullName, key)]);
            Assert.True(made.ExitCode == 0, made.Error);
        }

        var port = FreePort.Next();
        string In(string name) => Path.Combine(folder.FullName, name);
        await System.IO.File.WriteAllTextAsync(In("authorized_keys"), await System.IO.File.ReadAllTextAsync(In("client/key.pub")));
        await System.IO.File.WriteAllTextAsync(In("sshd_config"), $"""
            Port {port}
            ListenAddress {Address}
            HostKey {In("host_key")}
            PidFile none
            AuthorizedKeysFile {In("authorized_keys")}
            AuthenticationMethods publickey
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            LogLevel VERBOSE

            """);
        var server = new SshServer(folder, port, Start(sshd, ["-D", "-e", "-f", In("sshd_config")]));
        try
        {
            server.WriteClientConfig("config", port, HostKeyLine(port, await System.IO.File.ReadAllTextAsync(In("host_key.pub"))));
            await server.WaitUntilListening();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The tool's SSH shell to this server.</summary>
    public SshShell Shell() => new(Address, ConfigFile);

    /// <summary>The tool's SSH shell to a port on 127.0.0.1 where nothing listens.</summary>
    public SshShell ClosedPortShell() =>
        new(Address, WriteClientConfig("closed-port", FreePort.Next(), ""));

    /// <summary>The tool's SSH shell to this server, with another key on file for it in known_hosts (a changed host key, or a host impersonated).</summary>
    public SshShell ChangedHostKeyShell() =>
        new(Address, WriteClientConfig("changed-key", Port, HostKeyLine(Port, System.IO.File.ReadAllText(File("stranger_key.pub")))));

    /// <summary>What sshd logged so far (to stderr, with -e), for a failing test's message.</summary>
    public string Log => _log.ToString();

    private readonly System.Text.StringBuilder _log = new();

    private string WriteClientConfig(string name, int port, string knownHost)
    {
        var knownHosts = File(Path.Combine("client", $"{name}.known_hosts"));
        System.IO.File.WriteAllText(knownHosts, knownHost);
        var config = File(Path.Combine("client", name));
        System.IO.File.WriteAllText(config, $"""
            Host *
              Port {port}
              IdentityFile {File(Path.Combine("client", "key"))}
              IdentitiesOnly yes
              IdentityAgent none
              UserKnownHostsFile {knownHosts}
              GlobalKnownHostsFile /dev/null

            """);
        return config;
    }

    /// <summary>known_hosts names a host on another port than 22 as [host]:port.</summary>
    private static string HostKeyLine(int port, string publicKey) =>
        $"[{Address}]:{port} {string.Join(' ', publicKey.Split(' ').Take(2))}\n";

    private string File(string name) => Path.Combine(_folder.FullName, name);

    private static Process Start(string sshd, string[] arguments)
    {
        var start = new ProcessStartInfo(sshd) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private async Task WaitUntilListening()
    {
        _sshd.ErrorDataReceived += (_, line) =>
        {
            lock (_log)
            {
                _log.AppendLine(line.Data);
            }
        };
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Assert.False(_sshd.HasExited, $"sshd exited ({(_sshd.HasExited ? _sshd.ExitCode : 0)}): {Log}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Address, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_sshd.HasExited)
        {
            _sshd.Kill(entireProcessTree: true);
            await _sshd.WaitForExitAsync();
        }

        _sshd.Dispose();
        _folder.Delete(recursive: true);
    }
}
