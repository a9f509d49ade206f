using System.Globalization;
using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>A row the test committed: its id, and when the commit was acknowledged to the client.</summary>
public sealed record AckedRow(long Id, DateTimeOffset AckedAt);

/// <summary>
/// A backed-up PostgreSQL accessory on the real engine as the stack makes it: the container of
/// <see cref="ContainerPlanner.ForAccessory"/> (the WAL-archiving command, the data and archive volumes,
/// restart unless-stopped) from the PostgreSQL stand-in image (Debian's PostgreSQL 15), on the stack's
/// network under its alias. For the test's own client only, its port is published on 127.0.0.1. Every
/// container and volume of the stack (<c>&lt;stack&gt;_*</c>) and its network are removed at the end.
/// </summary>
public sealed class PostgresAccessoryOnDocker : IAsyncDisposable
{
    public const string Password = "pg-s3cret";

    private PostgresAccessoryOnDocker(DockerNames names, AccessorySettings settings, int hostPort)
    {
        Names = names;
        Settings = settings;
        HostPort = hostPort;
    }

    public DockerNames Names { get; }

    public AccessorySettings Settings { get; }

    public int HostPort { get; }

    public string Container => Names.Container(Settings.Name);

    /// <summary>The archive volume's folder on this host, where the archive_command puts each segment.</summary>
    public async Task<string> ArchiveFolder() =>
        Path.Combine(await VolumesRoot(), Names.Volume(Infra.Domain.Backups.WalArchiving.VolumeName(Settings.Name)), "_data");

    /// <summary>Where the engine keeps its named volumes (BACKUP_VOLUMES_ROOT on a droplet).</summary>
    public static async Task<string> VolumesRoot()
    {
        var root = await DockerEngine.Docker("info", "--format", "{{.DockerRootDir}}");
        Assert.True(root.ExitCode == 0, root.Error);
        return Path.Combine(root.Output.Trim(), "volumes");
    }

    /// <summary>Creates the stack's network (if it has none yet) and starts the accessory <c>db</c>, waiting until it answers.</summary>
    public static async Task<PostgresAccessoryOnDocker> Start(string stack)
    {
        await DockerEngine.Require();
        var image = await DockerEngine.Image("postgres");
        var names = new DockerNames(stack);
        var settings = new AccessorySettings
        {
            Name = "db", Kind = AccessoryKind.Postgres, Image = image, Port = 5432,
            PasswordSecret = "dbPassword", Database = "app", User = "app", Backup = true,
        };
        var accessory = new PostgresAccessoryOnDocker(names, settings, FreePort.Next());
        try
        {
            if ((await DockerEngine.Docker("network", "inspect", names.Network)).ExitCode != 0)
            {
                await Docker("network", "create", names.Network);
            }

            var spec = ContainerPlanner.ForAccessory(settings);
            await Docker(
            [
                "run", "-d", "--name", names.Container(spec.ContainerName), "--network", names.Network,
                .. spec.NetworkAliases.SelectMany(alias => new[] { "--network-alias", alias }),
                .. spec.Environment.SelectMany(kv => new[] { "--env", $"{kv.Key}={kv.Value}" }),
                .. spec.SecretEnvironment.Keys.SelectMany(variable => new[] { "--env", $"{variable}={Password}" }),
                .. spec.Volumes.SelectMany(v => new[] { "--volume", $"{names.Volume(v.VolumeName)}:{v.ContainerPath}" }),
                .. spec.Labels.SelectMany(kv => new[] { "--label", $"{kv.Key}={kv.Value}" }),
                "--restart", spec.Restart,
                "--publish", $"127.0.0.1:{accessory.HostPort}:{settings.Port}",
                spec.Image,
                .. spec.Command,
            ]);
            await accessory.WaitServing();
            return accessory;
        }
        catch
        {
            await accessory.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (at most two minutes) until the server answers queries and is out of recovery.</summary>
    public async Task WaitServing()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var answer = await Sql("SELECT pg_is_in_recovery()", "postgres");
            if (answer.ExitCode == 0 && answer.Output.Trim() == "f")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{Container} did not serve within two minutes: {answer.Error}");
            await Task.Delay(250);
        }
    }

    /// <summary>SQL over TCP from this host with the password, as an application would; rows tab-separated.</summary>
    public Task<ProcessResult> Sql(string sql, string database = "app") =>
        ProcessRunner.Run(Path.Combine(PostgresServer.Bin, "psql"),
            ["--host=127.0.0.1", $"--port={HostPort}", "--username=app", "--no-password", $"--dbname={database}",
             "--set=ON_ERROR_STOP=1", "--quiet", "--no-align", "--tuples-only", "--field-separator=\t", "--command", sql],
            new Dictionary<string, string> { ["PGPASSWORD"] = Password });

    public async Task<IReadOnlyList<string>> Rows(string sql, string database = "app")
    {
        var result = await Sql(sql, database);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Length == 0 ? [] : result.Output.TrimEnd('\n').Split('\n');
    }

    /// <summary>The ids in table <c>ticks</c> of <paramref name="database"/>, once the server serves.</summary>
    public async Task<IReadOnlyList<long>> Ids(string database = "app")
    {
        await WaitServing();
        return (await Rows("SELECT id FROM ticks ORDER BY id", database)).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Commits one row in its own transaction; the time is taken once the commit was acknowledged.</summary>
    public async Task<AckedRow> Commit()
    {
        var id = (await Rows("INSERT INTO ticks DEFAULT VALUES RETURNING id")).Single();
        return new AckedRow(long.Parse(id, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Commits <paramref name="count"/> rows, <see cref="Gap"/> apart: between a row's acknowledgement and the
    /// next one's start lies an instant at which exactly the rows before it were committed.
    /// </summary>
    public async Task<IReadOnlyList<AckedRow>> CommitSpaced(int count)
    {
        var rows = new List<AckedRow>();
        for (var i = 0; i < count; i++)
        {
            rows.Add(await Commit());
            await Task.Delay(Gap);
        }

        return rows;
    }

    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(200);

    /// <summary>An instant after <paramref name="row"/> was acknowledged and before the next row of <see cref="CommitSpaced"/> began.</summary>
    public static string JustAfter(AckedRow row) => Rfc3339(row.AckedAt + Gap / 2);

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Closes the current WAL segment and waits (at most a minute) until the archive_command has archived it.</summary>
    public async Task SwitchAndWaitArchived()
    {
        await Rows("SELECT pg_switch_wal()");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await Rows("SELECT count(*) = 0 FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'", "postgres")).Single() != "t")
        {
            Assert.True(DateTime.UtcNow < deadline, "the switched segment was not archived within a minute");
            await Task.Delay(200);
        }
    }

    /// <summary>"running startedAt" of the container, as the engine says.</summary>
    public async Task<string> State()
    {
        var state = await DockerEngine.Docker("inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", Container);
        Assert.True(state.ExitCode == 0, state.Error);
        return state.Output.Trim();
    }

    public async Task<bool> Running() => (await State()).StartsWith("true ", StringComparison.Ordinal);

    /// <summary>The stack's containers and volumes whose names start with <paramref name="prefix"/> (after the stack's own prefix).</summary>
    public async Task<IReadOnlyList<string>> Named(string prefix)
    {
        var containers = await DockerEngine.Docker("ps", "-a", "--filter", $"name=^{Names.Prefix}{prefix}", "--format", "{{.Names}}");
        var volumes = await DockerEngine.Docker("volume", "ls", "-q", "--filter", $"name=^{Names.Prefix}{prefix}");
        return containers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Concat(volumes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in (await DockerEngine.Docker("ps", "-aq", "--filter", $"name=^{Names.Prefix}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerEngine.Docker("rm", "-f", container);
        }

        foreach (var volume in (await DockerEngine.Docker("volume", "ls", "-q", "--filter", $"name=^{Names.Prefix}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerEngine.Docker("volume", "rm", "-f", volume);
        }

        await DockerEngine.Docker("network", "rm", Names.Network);
    }

    private static async Task Docker(params string[] arguments)
    {
        var result = await DockerEngine.Docker(arguments);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result.Error}");
    }
}
