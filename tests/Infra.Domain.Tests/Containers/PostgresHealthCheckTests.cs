using System.Diagnostics;
using Infra.Domain.Containers;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Containers;

/// <summary>The PostgreSQL healthcheck against a real server: not ready until it accepts connections.</summary>
[Trait(RequiresProgram.Trait, "postgres")]
public sealed class PostgresHealthCheckTests
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    [SkippableFact]
    public async Task Healthy_only_while_the_server_accepts_connections()
    {
        var postgres = RequiresProgram.Program("postgres", PgBin);
        var bin = Path.GetDirectoryName(postgres)!;
        var port = FreePort.Next();
        // The server refuses to run as root and its folder must be reachable by the postgres user (not under /root).
        var data = Directory.CreateTempSubdirectory("infra-pg-").FullName;
        await AsPostgres("chown", ["postgres", data], asRoot: true);
        var init = await AsPostgres(Path.Combine(bin, "initdb"), ["-D", data, "-U", "app", "--auth=trust"]);
        Assert.True(init.ExitCode == 0, init.Error);

        var spec = ContainerPlanner.ForAccessory(new AccessorySettings { Name = "db", Kind = AccessoryKind.Postgres, Image = "postgres:16", Port = port, User = "app", PasswordSecret = "p" });
        var check = () => ProcessRunner.Run("sh", ["-c", spec.HealthCheck!.Test[1]], new Dictionary<string, string> { ["POSTGRES_USER"] = "app" });

        Assert.NotEqual(0, (await check()).ExitCode);

        using var server = Process.Start(new ProcessStartInfo("runuser")
        {
            ArgumentList = { "-u", "postgres", "--", postgres, "-D", data, "-p", port.ToString(), "-k", data, "-c", "listen_addresses=127.0.0.1" },
            RedirectStandardError = true,
        })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await check()).ExitCode != 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "PostgreSQL never became healthy in 30 s");
                await Task.Delay(200);
            }
        }
        finally
        {
            // SIGKILL would leave the server's own children running; a fast shutdown stops them all.
            await AsPostgres(Path.Combine(bin, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w"]);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        Assert.NotEqual(0, (await check()).ExitCode);
        Directory.Delete(data, recursive: true);
    }

    private static Task<ProcessResult> AsPostgres(string program, string[] arguments, bool asRoot = false) =>
        asRoot ? ProcessRunner.Run(program, arguments) : ProcessRunner.Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
}
