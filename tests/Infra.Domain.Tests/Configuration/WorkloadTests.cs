using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;
using Infra.Domain.Validation;

namespace Infra.Domain.Tests.Configuration;

public class WorkloadTests
{
    public static TheoryData<string> Workloads() =>
        new(Directory.GetFiles(RepoFiles.Path("tests", "workloads"), "Pulumi.*.yaml").Select(System.IO.Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Workload_passes_validation(string file)
    {
        var loaded = Load(file);

        Assert.Empty(loaded.Errors);
        Assert.True(loaded.IsValid);
    }

    [Fact]
    public void Five_workloads_are_described()
    {
        Assert.Equal(5, Workloads().Count);
    }

    [Fact]
    public void Realtime_chat_has_three_node_services_on_fixed_ports_and_redis_with_password()
    {
        var settings = Load("Pulumi.realtime-chat.yaml").Settings!;

        Assert.Equal([("auth", 3001), ("messaging", 3004), ("collaboration", 4000)], settings.Services.Select(s => (s.Name, s.Port!.Value)));
        Assert.All(settings.Services, s => Assert.Equal("/health", s.HealthPath));
        Assert.True(settings.Services.Single(s => s.Name == "messaging").Route!.WebSockets);
        var redis = Assert.Single(settings.Accessories);
        Assert.Equal((AccessoryKind.Redis, "redisPassword"), (redis.Kind, redis.PasswordSecret));
    }

    [Fact]
    public void Api_workers_listen_on_no_port_and_have_health_commands()
    {
        var settings = Load("Pulumi.api-workers.yaml").Settings!;

        Assert.Equal(3000, settings.Services.Single(s => s.Name == "api").Port);
        var workers = settings.Services.Where(s => s.Port is null).ToList();
        Assert.Equal(["mailer", "reports"], workers.Select(w => w.Name));
        Assert.All(workers, w => Assert.NotEmpty(w.HealthCommand!));
        Assert.Equal([AccessoryKind.Postgres, AccessoryKind.Redis], settings.Accessories.Select(a => a.Kind));
    }

    [Fact]
    public void Crm_has_frontend_backend_mysql_redis_and_monitoring()
    {
        var settings = Load("Pulumi.crm-monitoring.yaml").Settings!;

        Assert.Equal(3000, settings.Services.Single(s => s.Name == "frontend").Port);
        Assert.Equal(8000, settings.Services.Single(s => s.Name == "backend").Port);
        Assert.Equal([("mysql", 3306), ("redis", 6379)], settings.Accessories.Select(a => (a.Name, a.Port)));
        Assert.Contains(settings.Services, s => s.Name == "prometheus");
        Assert.Contains(settings.Services, s => s.Name == "grafana");
    }

    [Fact]
    public void Python_api_runs_migrations_as_a_release_task_and_restarts_on_failure()
    {
        var api = Load("Pulumi.python-migrations.yaml").Settings!.Services.Single();

        Assert.Equal("/api/health", api.HealthPath);
        Assert.Equal(RestartPolicies.OnFailure, api.Restart);
        Assert.Equal(["python", "manage.py", "migrate", "--noinput"], Assert.Single(api.ReleaseTasks).Command);
    }

    [Fact]
    public void Uploads_app_backs_up_its_database_and_uploads_volume()
    {
        var settings = Load("Pulumi.uploads-app.yaml").Settings!;

        Assert.True(Assert.Single(settings.Accessories).Backup);
        var uploads = Assert.Single(settings.Services.Single().Volumes);
        Assert.Equal(("uploads", "/app/uploads", true), (uploads.Name, uploads.Path, uploads.Backup));
    }

    private static StackConfiguration Load(string file) =>
        StackConfiguration.Load(StackFileConfig.Load(RepoFiles.Path("tests", "workloads", file)));
}
