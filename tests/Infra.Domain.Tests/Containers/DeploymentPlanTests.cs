using Infra.Domain.Containers;
using Infra.Domain.Settings;
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

    [Fact]
    public void A_live_slot_written_by_hand_keeps_the_settings_its_containers_were_created_with()
    {
        var config = Stacks.Prod();
        config.Release["slots"]![Slots.Green] = System.Text.Json.Nodes.JsonNode.Parse(
            $$"""{ "version": "2", "images": { "web": "ghcr.io/acme/web@{{Stacks.WebDigest}}", "api": "ghcr.io/acme/api@{{Stacks.ApiDigest}}" } }""");

        var plan = DeploymentPlan.For(config.Load().Settings!);

        // Blue is live and unpinned: an edit of infra:services or a secret must not reach its containers.
        Assert.True(plan.Slots.Single(s => s.Slot == Slots.Blue).KeepsCreatedSettings);
        Assert.False(plan.Slots.Single(s => s.Slot == Slots.Green).KeepsCreatedSettings);
        Assert.Contains("envs", SlotContainers.SettingsInputs);
        Assert.Contains("command", SlotContainers.SettingsInputs);
        Assert.Contains("memory", SlotContainers.SettingsInputs);
        Assert.Contains("volumes", SlotContainers.SettingsInputs);
    }

    [Fact]
    public void A_pinned_live_slot_needs_no_such_guard()
    {
        var plan = DeploymentPlan.For(Stacks.Prod().Pinned(Slots.Blue).Load().Settings!);

        Assert.False(plan.Slots.Single(s => s.Slot == Slots.Blue).KeepsCreatedSettings);
    }
}
