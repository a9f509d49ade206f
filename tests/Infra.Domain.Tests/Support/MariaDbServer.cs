using System.Globalization;

namespace Infra.Domain.Tests.Support;

/// <summary>
/// A real MariaDB on 127.0.0.1 with its own data folder, set up as the mariadb image sets up an
/// accessory: root with a password, reachable over TCP from any host.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    private readonly BackgroundProcess _process;
    private readonly DirectoryInfo _directory;
    private bool _stopped;

    private MariaDbServer(BackgroundProcess process, DirectoryInfo directory, int port, string rootPassword)
    {
        _process = process;
        _directory = directory;
        Port = port;
        RootPassword = rootPassword;
    }

    public int Port { get; }

    public string RootPassword { get; }

    private string Socket => Path.Combine(_directory.FullName, "mariadb.sock");

    /// <summary>Skips (or fails under CI) unless mariadbd is installed. Pass a port to start a fresh server where an old one was.</summary>
    public static async Task<MariaDbServer> Start(string rootPassword, int? port = null)
    {
        var mariadbd = RequiresProgram.Program("mariadbd", "/usr/sbin");
        var install = RequiresProgram.Program("mariadb-install-db");
        var directory = Directory.CreateTempSubdirectory("infra-mariadb-");
        await ProcessRunner.Run("chown", ["mysql", directory.FullName]);
        var data = Path.Combine(directory.FullName, "data");
        var installed = await ProcessRunner.Run(install,
            ["--no-defaults", $"--datadir={data}", "--user=mysql", "--auth-root-authentication-method=normal", "--skip-test-db"]);
        Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);

        var listenPort = port ?? FreePort.Next();
        var process = BackgroundProcess.Start(mariadbd,
            "--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(directory.FullName, "mariadb.sock")}",
            $"--port={listenPort.ToString(CultureInfo.InvariantCulture)}", "--bind-address=127.0.0.1", "--user=mysql",
            $"--pid-file={Path.Combine(directory.FullName, "mariadb.pid")}", "--innodb-buffer-pool-size=32M", "--skip-log-bin");
        var server = new MariaDbServer(process, directory, listenPort, rootPassword);
        try
        {
            await process.WaitUntil(async () => (await server.OverSocket("SELECT 1")).ExitCode == 0, "MariaDB");
            var secured = await server.OverSocket(
                $"CREATE USER 'root'@'%' IDENTIFIED BY '{rootPassword}'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION; " +
                $"ALTER USER 'root'@'localhost' IDENTIFIED BY '{rootPassword}';");
            Assert.True(secured.ExitCode == 0, secured.Error);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs SQL as root over TCP with the password; rows come back tab-separated.</summary>
    public Task<ProcessResult> Sql(string sql) =>
        ProcessRunner.Run("mariadb",
            ["--no-defaults", "--host=127.0.0.1", $"--port={Port}", "--user=root", "--batch", "--skip-column-names", "--raw", "--execute", sql],
            new Dictionary<string, string> { ["MYSQL_PWD"] = RootPassword });

    public async Task<IReadOnlyList<string>> Rows(string sql)
    {
        var result = await Sql(sql);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Length == 0 ? [] : result.Output.TrimEnd('\n').Split('\n');
    }

    /// <summary>Stops the server and deletes its data, like losing the accessory's volume.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await ProcessRunner.Run("mariadb-admin", ["--no-defaults", $"--socket={Socket}", "--user=root", "shutdown"],
            new Dictionary<string, string> { ["MYSQL_PWD"] = RootPassword });
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private Task<ProcessResult> OverSocket(string sql) =>
        ProcessRunner.Run("mariadb", ["--no-defaults", $"--socket={Socket}", "--user=root", "--execute", sql]);
}
