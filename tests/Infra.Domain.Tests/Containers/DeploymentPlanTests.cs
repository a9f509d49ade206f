using Infra.Domain.Containers;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Containers;

public class DeploymentPlanTests
{
    [Fact]
    public void Services_are_started_after_the_services_they_depend_on()
    {
        var settings = Stacks.Prod().Load().Settings!;

        Assert.Equal(["api", "web"], DeploymentPlan.StartOrder(settings.Services).Select(s => s.Name));
    }

    [Fact]
    public void Only_slots_holding_a_release_run_containers()
    {
        var plan = DeploymentPlan.For(Stacks.Prod().Load().Settings!);

        var slot = Assert.Single(plan.Slots);
        Assert.Equal(("blue", "2026.11.1", true), (slot.Slot, slot.Version, slot.IsActive));
        Assert.Equal(["api-blue", "web-blue"], slot.Services.Select(s => s.ContainerName));
        Assert.Equal(["db", "cache"], plan.Accessories.Select(a => a.ContainerName));
    }

    [Fact]
    public void Service_container_spec_names_secrets_by_config_key_only()
    {
        var api = DeploymentPlan.For(Stacks.Prod().Load().Settings!).Slots[0].Services.Single(s => s.ContainerName == "api-blue");

        Assert.Equal(new Dictionary<string, string> { ["JWT_SECRET"] = "apiJwtSecret" }, api.SecretEnvironment);
        Assert.Equal(new Dictionary<string, string> { ["PORT"] = "8000" }, api.Environment);
        Assert.Equal(["db", "cache"], api.StartAfter);
        Assert.Null(api.Published);
    }

    [Fact]
    public void Mysql_gets_the_password_for_root_and_the_app_user()
    {
        var spec = ContainerPlanner.ForAccessory(new Settings.AccessorySettings
        {
            Name = "mysql", Kind = Settings.AccessoryKind.Mysql, Image = "mysql:8.4", Port = 3306,
            Database = "crm", User = "crm", PasswordSecret = "mysqlPassword",
        });

        Assert.Equal(new Dictionary<string, string> { ["MYSQL_PASSWORD"] = "mysqlPassword", ["MYSQL_ROOT_PASSWORD"] = "mysqlPassword" }, spec.SecretEnvironment);
        Assert.Equal(new Dictionary<string, string> { ["MYSQL_DATABASE"] = "crm", ["MYSQL_USER"] = "crm" }, spec.Environment);
        Assert.Equal(("mysql-data", "/var/lib/mysql"), (spec.Volumes[0].VolumeName, spec.Volumes[0].ContainerPath));
    }
}
