using System.Diagnostics;
using Infra.Domain.Containers;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Containers;

/// <summary>
/// The healthcheck commands the stack gives accessory containers, run for real against real
/// servers on 127.0.0.1: healthy only when the server answers with the right password.
/// </summary>
[Trait(RequiresProgram.Trait, "redis-server")]
public sealed class RedisHealthCheckTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private Process? _server;
    private int _port;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !File.Exists("/usr/bin/redis-server"))
        {
            return;
        }

        _port = ProcessRunner.FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", _port.ToString(), "--bind", "127.0.0.1", "--requirepass", Password, "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
        });
        await WaitUntil(async () => (await HealthCheck(Password)).ExitCode == 0);
    }

    public Task DisposeAsync()
    {
        _server?.Kill();
        _server?.WaitForExit();
        _server?.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Healthy_with_the_password()
    {
        RequiresProgram.Program("redis-server");
        Assert.Equal(0, (await HealthCheck(Password)).ExitCode);
    }

    [SkippableFact]
    public async Task Unhealthy_with_a_wrong_password()
    {
        RequiresProgram.Program("redis-server");
        Assert.NotEqual(0, (await HealthCheck("wrong")).ExitCode);
    }

    [SkippableFact]
    public async Task Unhealthy_when_the_server_is_gone()
    {
        RequiresProgram.Program("redis-server");
        _server!.Kill();
        await _server.WaitForExitAsync();

        Assert.NotEqual(0, (await HealthCheck(Password)).ExitCode);
    }

    private Task<ProcessResult> HealthCheck(string password)
    {
        var spec = ContainerPlanner.ForAccessory(new AccessorySettings
        {
            Name = "cache",
            Kind = AccessoryKind.Redis,
            Image = "redis:7",
            Port = _port,
            PasswordSecret = "cachePassword",
        });
        Assert.Equal("CMD-SHELL", spec.HealthCheck.Test[0]);
        return ProcessRunner.Run("sh", ["-c", spec.HealthCheck.Test[1]], new Dictionary<string, string> { ["REDIS_PASSWORD"] = password });
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("redis-server did not become ready in 20 s");
            }

            await Task.Delay(100);
        }
    }
}
