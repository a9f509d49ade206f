using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Stacks.Tests.Support;
using Pulumi;
using Pulumi.Utilities;
using Command = Pulumi.Command;
using DigitalOcean = Pulumi.DigitalOcean;
using Docker = Pulumi.Docker;

namespace Infra.Stacks.Tests;

public class BackupTests
{
    private static Task<T> Value<T>(Input<T> input) => OutputUtilities.GetValueAsync(input.ToOutput());

    [Fact]
    public async Task Bucket_is_private_versioned_cleaned_up_and_protected()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var bucket = run.Named<DigitalOcean.SpacesBucket>("backup-storage-bucket");

        Assert.Equal(("acme-prod-backups", "private"), (await OutputUtilities.GetValueAsync(bucket.Name), await OutputUtilities.GetValueAsync(bucket.Acl)));
        Assert.True((await OutputUtilities.GetValueAsync(bucket.Versioning))!.Enabled);
        var rule = Assert.Single(await OutputUtilities.GetValueAsync(bucket.LifecycleRules));
        Assert.Equal((true, 1, 30), (rule.Enabled, rule.AbortIncompleteMultipartUploadDays!.Value, rule.NoncurrentVersionExpiration!.Days!.Value));
        Assert.True(run.RecordOf("backup-storage-bucket").Protect && run.RecordOf("backup-storage-bucket").RetainOnDelete);
    }

    [Fact]
    public async Task Access_key_reaches_only_the_stacks_bucket()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var grant = Assert.Single(await OutputUtilities.GetValueAsync(run.Named<DigitalOcean.SpacesKey>("backup-storage-key").Grants));
        Assert.Equal(("acme-prod-backups", "readwrite"), (grant.Bucket, grant.Permission));
    }

    [Fact]
    public async Task Job_installs_scripts_timer_and_secret_credentials_on_the_server()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));
        var args = run.ArgsOf<Command.Remote.CommandArgs>("backup-install");

        var create = await Value(args.Create!);
        Assert.Contains("mv -f \"$tmp\" /usr/local/sbin/infra-backup\n", create);
        Assert.Contains("OnCalendar=*-*-* 03:15:00", create);
        Assert.Contains("systemctl enable --now infra-backup.timer", create);
        Assert.EndsWith("/usr/local/sbin/infra-backup init\n", create);
        Assert.DoesNotContain(StackRun.SecretValue("infra:resticPassword"), create);

        var stdin = args.Stdin!.ToOutput();
        Assert.True(await Output.IsSecretAsync(stdin));
        var environment = await OutputUtilities.GetValueAsync(stdin);
        Assert.Contains("RESTIC_REPOSITORY='s3:https://fra1.digitaloceanspaces.com/acme-prod-backups/restic'", environment);
        Assert.Contains($"RESTIC_PASSWORD='{StackRun.SecretValue("infra:resticPassword")}'", environment);
        Assert.Contains($"AWS_SECRET_ACCESS_KEY='{Mocks.SpacesSecretKey}'", environment);
        Assert.Equal(["backup-storage", "cache", "db", "server-ready"], run.RecordOf("backup-install").DependsOn);
    }

    [Fact]
    public async Task Backed_up_postgres_archives_its_wal_into_a_retained_volume_and_the_server_ships_it()
    {
        var run = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        var db = run.Named<Docker.Container>("db");
        var command = (await OutputUtilities.GetValueAsync(db.Command)).ToArray();
        Assert.Equal(WalArchiving.ContainerCommand(5432), command);
        Assert.Contains("archive_mode=on", command);
        Assert.Contains($"archive_timeout={WalArchiving.ArchiveTimeoutSeconds}", command);
        Assert.Contains($"archive_command={WalArchiving.ArchiveCommand("/var/lib/postgresql/wal-archive")}", command);
        Assert.Equal("docker-entrypoint.sh", command[2].Split("exec ")[1].Split(' ')[0]); // the official image's own entrypoint
        Assert.Contains(await OutputUtilities.GetValueAsync(db.Volumes), v => v.VolumeName == "prod_db-wal" && v.ContainerPath == WalArchiving.ContainerArchiveDirectory);
        Assert.Equal("prod_db-wal", await OutputUtilities.GetValueAsync(run.Named<Docker.Volume>("db-wal").Name));
        Assert.True(run.RecordOf("db-wal").Protect && run.RecordOf("db-wal").RetainOnDelete);

        var create = await Value(run.ArgsOf<Command.Remote.CommandArgs>("backup-install").Create!);
        Assert.Contains("mv -f \"$tmp\" /usr/local/sbin/infra-wal-ship\n", create);
        Assert.Contains("mv -f \"$tmp\" /etc/systemd/system/infra-wal-ship.timer\n", create);
        Assert.Contains($"OnUnitActiveSec={WalArchiving.ShipEverySeconds}s", create);
        Assert.Contains("systemctl enable --now infra-wal-ship.timer\n", create);
    }

    [Fact]
    public async Task Without_backups_postgres_runs_as_the_image_starts_it_and_nothing_ships_wal()
    {
        var local = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));
        var db = local.Named<Docker.Container>("db");
        Assert.Empty(await OutputUtilities.GetValueAsync(local.ArgsOf<Docker.ContainerArgs>("db").Command.ToOutput()));
        Assert.Equal(["local_db-data"], (await OutputUtilities.GetValueAsync(db.Volumes)).Select(v => v.VolumeName));
        Assert.DoesNotContain(local.Recorded, r => r.Name == "db-wal" || r.Name == "backup-install");

        // Backups on, but not for the database: no archive, and the server gets no shipper.
        var staging = await StackRun.OfEditedRepoStack("staging", text => text.Replace("      memoryMb: 1024\n      backup: true\n", "      memoryMb: 1024\n"), TeamSecrets.For("staging"));
        Assert.Equal(["staging_db-data"], (await OutputUtilities.GetValueAsync(staging.Named<Docker.Container>("db").Volumes)).Select(v => v.VolumeName));
        var create = await Value(staging.ArgsOf<Command.Remote.CommandArgs>("backup-install").Create!);
        Assert.DoesNotContain("/usr/local/sbin/infra-wal-ship\n", create);
        Assert.DoesNotContain("infra-wal-ship.timer", create);
        Assert.DoesNotContain("\nbackup_base db ", create);
        Assert.DoesNotContain("\nship_wal\n", create);
    }

    [Fact]
    public async Task Install_script_is_exactly_the_rendered_one()
    {
        var run = await StackRun.OfWorkload("Pulumi.uploads-app.yaml");
        var settings = Infra.Domain.Validation.StackConfiguration.Load(Infra.Domain.Configuration.StackFileConfig.Load(RepoFiles.Path("tests", "workloads", "Pulumi.uploads-app.yaml"))).Settings!;

        var create = await Value(run.ArgsOf<Command.Remote.CommandArgs>("backup-install").Create!);

        Assert.Equal(BackupInstall.Render(BackupPlan.For(settings), settings.Backup!.Schedule, BackupHostLayout.Server), create);
        Assert.Contains("infra-restore", create);
    }

    [Fact]
    public async Task Local_stack_backs_up_into_a_store_on_the_local_engine()
    {
        var run = await StackRun.OfEditedRepoStack(
            "local",
            text => text + "  infra:backup:\n    schedule: \"0 2 * * *\"\n    bucket: local-backups\n    region: local\n",
            [.. TeamSecrets.For("local"), "resticPassword"]);

        var store = run.Named<Docker.Container>("backup-store");
        // Never published: the backup helper reaches it by its alias on the stack's network.
        Assert.True((await OutputUtilities.GetValueAsync(store.Ports)).IsDefaultOrEmpty);
        Assert.True(run.RecordOf("backup-store-data").Protect);
        Assert.Contains("backup-store-ready", run.RecordOf("backup-install").DependsOn);
        var create = await Value(run.ArgsOf<Command.Local.CommandArgs>("backup-install").Create!);
        // The install runs in the backup helper: the host command's only program is docker.
        Assert.StartsWith($"set -euo pipefail\ndocker build --quiet --tag {BackupTools.Image} - ", create, StringComparison.Ordinal);
        Assert.Contains($"docker run --rm -i --name local_backup-install --user 0 --entrypoint bash --network infra-local --volume local_backup:{BackupTools.Root} --volume /var/run/docker.sock:/var/run/docker.sock --volume /tmp/infra-local/bin:{BackupTools.HostBinMount}", create);
        // No systemd locally: no line runs systemctl (the scripts' comments may name it).
        Assert.DoesNotContain(create.Split('\n').Where(line => !line.TrimStart().StartsWith('#')), line => line.Contains("systemctl", StringComparison.Ordinal));
        Assert.Contains("/host-bin/backup-now", create);
        Assert.Contains("RESTIC_REPOSITORY='s3:http://backup-store:9000/local-backups/restic'", await OutputUtilities.GetValueAsync(run.ArgsOf<Command.Local.CommandArgs>("backup-install").Stdin!.ToOutput()));
    }

    [Fact]
    public async Task Local_stack_runs_its_backup_and_wal_shipping_on_schedule_in_a_container_after_the_install()
    {
        var run = await StackRun.OfEditedRepoStack(
            "local",
            text => text.Replace("      passwordSecret: dbPassword\n    - name: cache", "      passwordSecret: dbPassword\n      backup: true\n    - name: cache", StringComparison.Ordinal)
                + "  infra:backup:\n    schedule: \"0 2 * * *\"\n    bucket: local-backups\n    region: local\n",
            [.. TeamSecrets.For("local"), "resticPassword"]);
        // The settings the run was given (StackRun leaves them in the process's Pulumi config).
        var settings = Infra.Domain.Validation.StackConfiguration.Load(Infra.Domain.Configuration.PulumiEnvironmentConfig.FromProcess()).Settings!;
        var schedule = BackupTools.For(settings).Schedule(BackupPlan.For(settings), "0 2 * * *");
        Assert.True(BackupPlan.For(settings).ArchivesWal);

        var container = run.Named<Docker.Container>("backup-schedule");
        var args = run.ArgsOf<Docker.ContainerArgs>("backup-schedule");
        Assert.Equal("local_backup-schedule", await OutputUtilities.GetValueAsync(container.Name));
        // The helper image the install built, by its ID as Docker keeps it (a tag would replace the container on every deploy).
        Assert.Equal(Mocks.BackupToolsImageId, await OutputUtilities.GetValueAsync(container.Image));
        Assert.Equal($"docker image inspect --format '{{{{.Id}}}}' {BackupTools.Image}", await Value(run.ArgsOf<Command.Local.CommandArgs>("backup-tools-image").Create!));
        Assert.Equal(["backup-install", "server-ready"], run.RecordOf("backup-tools-image").DependsOn);
        Assert.Equal("unless-stopped", await OutputUtilities.GetValueAsync(container.Restart));
        Assert.Equal((true, "SIGTERM", BackupSchedule.StopSeconds), (await Value(args.Init!), await Value(args.StopSignal!), await Value(args.StopTimeout!)));
        Assert.Equal(BackupSchedule.StopSeconds, await Value(args.DestroyGraceSeconds!)); // a deploy stops it as docker stop does
        Assert.Equal("backup-schedule", await Value(args.Hostname!)); // the same in every container of it, for restic's stale locks
        Assert.Equal(["bash"], (await Value(args.Entrypoints)).ToArray());
        var command = (await Value(args.Command)).ToArray();
        Assert.Equal(schedule.Command, command);
        Assert.Contains("wal_ship_script=/infra/bin/infra-wal-ship\n", command[1]);
        Assert.Contains("minutes=\" 0 \"\nhours=\" 2 \"\n", command[1]);
        Assert.Equal(
            [("local_backup", "/infra", null), (null, "/var/run/docker.sock", "/var/run/docker.sock"), (null, BackupTools.VolumesRoot, "/var/lib/docker/volumes")],
            (await OutputUtilities.GetValueAsync(container.Volumes)).Select(v => (v.VolumeName, v.ContainerPath, v.HostPath)));
        Assert.Equal(schedule.Environment, (await Value(args.Envs)).ToArray());
        Assert.Equal("infra-local", Assert.Single(await OutputUtilities.GetValueAsync(container.NetworksAdvanced)).Name);
        Assert.Equal(("json-file", "10m"), (await Value(args.LogDriver!), (await Value(args.LogOpts))["max-size"]));
        Assert.Equal(("infra.backup", "schedule"), Assert.Single((await OutputUtilities.GetValueAsync(container.Labels)).Select(l => (l.Label, l.Value))));

        // After the install (the scripts and the image), on the local engine, with the engine's folder asked of it.
        var record = run.RecordOf("backup-schedule");
        Assert.Equal(["backup-install"], record.DependsOn);
        Assert.Equal("server-docker", record.Provider);
        Assert.Equal(BackupTools.DockerRootQuery, await Value(run.ArgsOf<Command.Local.CommandArgs>("backup-docker-root").Create!));
    }

    [Fact]
    public async Task Only_a_local_stack_with_backups_has_a_scheduler_container()
    {
        var local = await StackRun.OfRepoStack("local", TeamSecrets.For("local"));
        var prod = await StackRun.OfRepoStack("prod", TeamSecrets.For("prod"));

        Assert.DoesNotContain(local.Recorded, r => r.Name is "backup-schedule" or "backup-docker-root" or "backup-tools-image");
        Assert.DoesNotContain(prod.Recorded, r => r.Name is "backup-schedule" or "backup-docker-root" or "backup-tools-image");
        Assert.DoesNotContain(prod.Recorded, r => r.Resource is Docker.Container c && r.Name.Contains("schedule", StringComparison.Ordinal));
    }
}
