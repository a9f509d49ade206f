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
}
