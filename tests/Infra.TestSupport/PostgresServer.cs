using System.Globalization;

namespace Infra.TestSupport;

/// <summary>
/// A real PostgreSQL 15 on 127.0.0.1, set up as the postgres image sets up an accessory: a superuser
/// and a database of the same name, password authentication over TCP. It runs as the postgres user,
/// so its folder sits under /tmp (which that user can reach), not under /root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly BackgroundProcess _process;
    private readonly DirectoryInfo _directory;
    private bool _stopped;

    private PostgresServer(BackgroundProcess process, DirectoryInfo directory, int port, string user, string password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>Skips (or fails under CI) unless PostgreSQL 15 is installed. Pass a port to start a fresh server where an old one was.</summary>
    /// <param name="settings">Extra server settings, e.g. <c>["-c", "archive_mode=on"]</c>.</param>
    public static async Task<PostgresServer> Start(string user, string password, int? port = null, IReadOnlyList<string>? settings = null)
    {
        var postgres = RequiresProgram.Program("postgres", Bin);
        var bin = Path.GetDirectoryName(postgres)!;
        var directory = Directory.CreateTempSubdirectory("infra-pg-");
        var data = Path.Combine(directory.FullName, "data");
        var passwordFile = Path.Combine(directory.FullName, "password");
        await File.WriteAllTextAsync(passwordFile, password);
        await ProcessRunner.Run("chown", ["-R", "postgres", directory.FullName]);
        var init = await AsPostgres(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", user, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust"]);
        Assert.True(init.ExitCode == 0, init.Output + init.Error);

        var listenPort = port ?? FreePort.Next();
        var process = BackgroundProcess.Start("runuser",
        [
            "-u", "postgres", "--", postgres, "-D", data, "-p", listenPort.ToString(CultureInfo.InvariantCulture), "-k", directory.FullName,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", .. settings ?? [],
        ]);
        var server = new PostgresServer(process, directory, listenPort, user, password);
        try
        {
            await process.WaitUntil(async () => (await server.Sql("SELECT 1", database: "postgres")).ExitCode == 0, "PostgreSQL");
            var created = await server.Sql($"CREATE DATABASE {user}", database: "postgres");
            Assert.True(created.ExitCode == 0, created.Error);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs SQL over TCP with the password, as a client of the accessory would; rows come back tab-separated.</summary>
    public Task<ProcessResult> Sql(string sql, string? database = null) =>
        ProcessRunner.Run(Path.Combine(Bin, "psql"),
            ["--host=127.0.0.1", $"--port={Port}", $"--username={User}", "--no-password", $"--dbname={database ?? User}",
             "--set=ON_ERROR_STOP=1", "--quiet", "--no-align", "--tuples-only", "--field-separator=\t", "--command", sql],
            new Dictionary<string, string> { ["PGPASSWORD"] = Password });

    /// <summary>The query's rows, failing the test if it fails.</summary>
    public async Task<IReadOnlyList<string>> Rows(string sql, string? database = null)
    {
        var result = await Sql(sql, database);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Length == 0 ? [] : result.Output.TrimEnd('\n').Split('\n');
    }

    /// <summary>The server dies at once, as with a power cut: SIGKILL to the postmaster, whose backends follow.</summary>
    public async Task Crash()
    {
        var pid = (await File.ReadAllLinesAsync(Path.Combine(_directory.FullName, "data", "postmaster.pid")))[0].Trim();
        var killed = await ProcessRunner.Run("kill", ["-KILL", pid]);
        Assert.True(killed.ExitCode == 0, killed.Error);
        await _process.WaitUntil(() => Task.FromResult(_process.HasExited), "the killed postmaster to exit");
    }

    /// <summary>Stops the server and deletes its data, like losing the accessory's volume.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        // A fast shutdown stops the server's own children too, which killing the runuser process would not.
        await AsPostgres(Path.Combine(Bin, "pg_ctl"), ["stop", "-D", Path.Combine(_directory.FullName, "data"), "-m", "fast", "-w"]);
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static Task<ProcessResult> AsPostgres(string program, string[] arguments) =>
        ProcessRunner.Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
}
