using System.Diagnostics;

namespace Infra.Bench.Backup;

/// <summary>A PostgreSQL 15 on 127.0.0.1 for the database part, run as the postgres user from a folder it can reach.</summary>
public sealed class Postgres : IDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly Process _process;
    private readonly Shell _shell = new(new Dictionary<string, string>());
    private readonly string _folder;
    private readonly string _data;

    /// <summary>In a folder of its own under /tmp: the benchmark's folder is root's alone.</summary>
    /// <param name="settings">Extra server settings, e.g. <c>["-c", "archive_mode=on"]</c>.</param>
    public Postgres(int port, IReadOnlyList<string>? settings = null)
    {
        Port = port;
        var folder = _folder = Directory.CreateTempSubdirectory("infra-bench-pg-").FullName;
        _data = Path.Combine(folder, "data");
        _shell.Run($"chown postgres {folder} && runuser -u postgres -- {Bin}/initdb -D {_data} -U bench --auth=trust >/dev/null");
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = ["-u", "postgres", "--", $"{Bin}/postgres", "-D", _data, "-p", port.ToString(), "-k", folder,
                     "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", .. settings ?? []];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                Sql("postgres", "SELECT 1");
                break;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    public int Port { get; }

    public string Sql(string database, string sql) =>
        _shell.Run($"{Bin}/psql --host=127.0.0.1 --port={Port} --username=bench --dbname={database} --set=ON_ERROR_STOP=1 --quiet --tuples-only --no-align <<'SQL'\n{sql}\nSQL").Output.Trim();

    /// <summary>SIGKILL to the postmaster, as a power cut; its backends follow.</summary>
    public void Crash()
    {
        _shell.Run($"kill -KILL \"$(head -n1 {_data}/postmaster.pid)\"");
        _process.WaitForExit();
    }

    public void Dispose()
    {
        _shell.Run($"runuser -u postgres -- {Bin}/pg_ctl stop -D {_data} -m fast -w >/dev/null 2>&1 || true");
        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
