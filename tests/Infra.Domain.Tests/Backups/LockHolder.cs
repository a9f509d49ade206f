using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>An application's open transaction holding a lock on a table (as a long report or a stuck request does), until disposed.</summary>
public sealed class LockHolder : IAsyncDisposable
{
    private const string ApplicationName = "app-holding-lock";

    private readonly PostgresServer _pg;
    private readonly BackgroundProcess _client;

    private LockHolder(PostgresServer pg, BackgroundProcess client)
    {
        _pg = pg;
        _client = client;
    }

    public static async Task<LockHolder> Start(PostgresServer pg, string table)
    {
        var client = BackgroundProcess.Start("env", $"PGAPPNAME={ApplicationName}", $"PGPASSWORD={pg.Password}", Path.Combine(PostgresServer.Bin, "psql"),
            "--host=127.0.0.1", $"--port={pg.Port}", $"--username={pg.User}", "--no-password", $"--dbname={pg.User}",
            "--command", $"BEGIN; LOCK TABLE {table} IN ACCESS SHARE MODE; SELECT pg_sleep(600);");
        var holder = new LockHolder(pg, client);
        await client.WaitUntil(async () => (await pg.Rows(
            $"SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = '{ApplicationName}' AND l.granted AND l.relation = '{table}'::regclass"))[0] == "1",
            "the application's lock");
        return holder;
    }

    /// <summary>Ends the application's session on the server (its client alone would leave it sleeping), then the client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pg.Sql($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{ApplicationName}'", "postgres");
        await _client.DisposeAsync();
    }
}
