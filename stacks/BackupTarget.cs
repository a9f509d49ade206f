using Infra.Components;
using Infra.Domain.Backups;
using Infra.Domain.Hosting;
using Infra.Domain.Settings;
using Pulumi;

namespace Infra.Stacks;

/// <summary>Where a stack's backups go, and how the host reaches it: Spaces in the cloud, a store on the local engine.</summary>
/// <param name="Store">The bucket or store that must exist before the backup job.</param>
/// <param name="Tools">On the local engine: the helper container the scripts run in; null where they run on the host.</param>
internal sealed record BackupTarget(
    Input<string> Repository,
    Output<string> AccessKeyId,
    Output<string> SecretAccessKey,
    BackupHostLayout Layout,
    Resource Store,
    BackupTools? Tools)
{
    public static BackupTarget Spaces(BackupStorage storage, BackupSettings backup) => new(
        ResticRepository.ForSpaces(backup.Region, backup.Bucket),
        storage.AccessKeyId,
        storage.SecretAccessKey,
        BackupHostLayout.Server,
        storage,
        Tools: null);

    /// <param name="password">The store's secret key is the repository password: one secret for the local stack.</param>
    public static BackupTarget Local(LocalBackupStore store, Output<string> password, StackSettings settings) => new(
        store.Repository,
        Output.Create(LocalBackupStore.AccessKey),
        password,
        BackupTools.For(settings).Layout,
        store.Ready,
        BackupTools.For(settings));
}
