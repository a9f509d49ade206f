using Infra.Domain.Containers;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Containers;

/// <summary>
/// The healthcheck commands the stack gives accessory containers, run for real against real
/// servers on 127.0.0.1: healthy only when the server answers with the right password.
/// </summary>
[Trait(RequiresProgram.Trait, "redis-server")]
public sealed class RedisHealthCheckTests
{
    private const string Password = "correct horse battery staple";

    [SkippableFact]
    public async Task Healthy_with_the_password()
    {
        await using var redis = await StartRedis();
        Assert.Equal(0, (await HealthCheck(Password, redis.Port)).ExitCode);
    }

    [SkippableFact]
    public async Task Unhealthy_with_a_wrong_password()
    {
        await using var redis = await StartRedis();
        Assert.NotEqual(0, (await HealthCheck("wrong", redis.Port)).ExitCode);
    }

    [SkippableFact]
    public async Task Unhealthy_when_the_server_is_gone()
    {
        var redis = await StartRedis();
        await redis.DisposeAsync();

        Assert.NotEqual(0, (await HealthCheck(Password, redis.Port)).ExitCode);
    }

    /// <summary>A real redis-server on 127.0.0.1 with a password, ready once the healthcheck passes.</summary>
    private static async Task<RunningRedis> StartRedis()
    {
        var program = RequiresProgram.Program("redis-server");
        var port = FreePort.Next();
        var process = BackgroundProcess.Start(program,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--requirepass", Password, "--save", "", "--appendonly", "no");
        try
        {
            await process.WaitUntil(async () => (await HealthCheck(Password, port)).ExitCode == 0, "redis-server", seconds: 20);
            return new RunningRedis(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private sealed record RunningRedis(BackgroundProcess Process, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private static Task<ProcessResult> HealthCheck(string password, int port)
    {
        var spec = ContainerPlanner.ForAccessory(new AccessorySettings
        {
            Name = "cache",
            Kind = AccessoryKind.Redis,
            Image = "redis:7",
            Port = port,
            PasswordSecret = "cachePassword",
        });
        Assert.Equal("CMD-SHELL", spec.HealthCheck!.Test[0]);
        return ProcessRunner.Run("sh", ["-c", spec.HealthCheck!.Test[1]], new Dictionary<string, string> { ["REDIS_PASSWORD"] = password });
    }
}
