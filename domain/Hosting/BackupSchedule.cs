using System.Globalization;
using Infra.Domain.Backups;
using Infra.Domain.Containers;
using Infra.Domain.Releases;
using Infra.Domain.Settings;

namespace Infra.Domain.Hosting;

/// <summary>
/// The local stack's scheduler: a long-running container of the backup helper image, with what the
/// helpers mount and are told (<see cref="BackupTools.Mounts"/>, <see cref="BackupTools.Environment"/>),
/// whose program (<see cref="Script"/>, given as its command) does what a droplet's two timers do: runs the
/// installed infra-wal-ship every <see cref="WalArchiving.ShipEverySeconds"/> s when the stack archives
/// WAL, and the installed infra-backup in each minute <c>infra:backup.schedule</c> names, catching up a
/// run missed while it was stopped (the timer's Persistent=true). A change of schedule changes its
/// command, so the container is replaced: it takes no traffic.
/// </summary>
public sealed record BackupSchedule(BackupTools Tools, BackupPlan Plan, string Cron)
{
    /// <summary>The container's own name after the stack's prefix (<see cref="DockerNames.Container"/>).</summary>
    public const string Alias = "backup-schedule";

    /// <summary>The name the script gives itself in its log lines and <c>ps</c>.</summary>
    public const string ScriptName = "infra-backup-schedule";

    /// <summary>In the backup's state folder: the last minute (Unix time) the schedule ran infra-backup.</summary>
    public const string StampFileName = "last-scheduled";

    /// <summary>
    /// What <c>docker stop</c> sends, and how long it waits before it kills. The helper image is the
    /// proxy's, whose stop signal is HAProxy's SIGUSR1; the script stops on SIGTERM, passes it to a running
    /// backup, which records <c>interrupted</c> and stops restic within about ten seconds.
    /// </summary>
    public const string StopSignal = "SIGTERM";

    public const int StopSeconds = 30;

    /// <summary>The label that marks the container by role, as services and accessories are marked.</summary>
    public static KeyValuePair<string, string> Label { get; } = new(ContainerLabels.Backup, "schedule");

    public string ContainerName => Tools.Names.Container(Alias);

    /// <summary>
    /// The scheduler's container where the stack has one: backups installed on the local engine (where
    /// <see cref="BackupHostLayout.For"/> puts them in the helper), not on a droplet, whose timers run them.
    /// </summary>
    public static string? ContainerFor(StackSettings settings) =>
        settings.Backup is not null && !BackupHostLayout.For(settings).Systemd ? DockerNames.For(settings).Container(Alias) : null;

    /// <summary>The helper image's tag; the stack declares the container on its ID, read after the install (<see cref="BackupTools.ImageIdQuery"/>).</summary>
    public string Image => BackupTools.Image;

    public string Network => Tools.Names.Network;

    public string User => HelperImage.User;

    public string Restart => RestartPolicies.UnlessStopped;

    /// <summary>
    /// A fixed host name (Docker gives each new container a random one): restic records it in its locks,
    /// and <c>restic unlock</c> (the scripts run it before they lock) removes a lock left by a restic killed
    /// in an earlier container of the scheduler only when it names this host; one that names another host
    /// waits 30 minutes, and every backup in between would fail on it.
    /// </summary>
    public string Hostname => Alias;

    /// <summary>Docker's init as its first process: passes <see cref="StopSignal"/> on to the script and reaps what the scripts leave.</summary>
    public bool Init => true;

    /// <summary>The image's entrypoint is HAProxy's; the container runs bash instead, with <see cref="Command"/>.</summary>
    public string Entrypoint => HelperImage.Shell;

    public IReadOnlyList<string> Command => ["-c", Script, ScriptName];

    public IReadOnlyList<string> Environment => Tools.Environment;

    /// <summary>
    /// The helpers' mounts, and Docker's volume folder for volume backups. A helper asks the engine for that
    /// folder each time it runs; a container is declared once, so it takes the engine's data folder
    /// (<see cref="BackupTools.DockerRootQuery"/>) as asked when it is deployed.
    /// </summary>
    public IReadOnlyList<(string Source, string Target)> Mounts(string dockerRoot) =>
        [.. Tools.Mounts, (BackupTools.VolumesFolder(dockerRoot), BackupTools.VolumesRoot)];

    public string Script
    {
        get
        {
            var times = CronTimes.Expand(Cron);
            var layout = Tools.Layout;
            return Template.Fill("Hosting/backup-schedule.sh", new Dictionary<string, string>
            {
                ["stack"] = Plan.StackName,
                ["container"] = ContainerName,
                ["cron"] = Cron,
                ["onCalendar"] = CronToOnCalendar.Convert(Cron),
                ["scriptName"] = ScriptName,
                ["backupScript"] = ShellQuote.Word(layout.BackupScript),
                ["walShipScript"] = Plan.ArchivesWal ? ShellQuote.Word(layout.WalShipScript) : "''",
                ["stateDirectory"] = ShellQuote.Word(layout.StateDirectory),
                ["stampFileName"] = StampFileName,
                ["statusFileName"] = BackupHostLayout.StatusFileName,
                ["shipEverySeconds"] = Number(WalArchiving.ShipEverySeconds),
                ["stopSeconds"] = Number(StopSeconds),
                ["minutes"] = Numbers(times.Minutes),
                ["hours"] = Numbers(times.Hours),
                ["daysOfMonth"] = Numbers(times.DaysOfMonth),
                ["months"] = Numbers(times.Months),
                ["daysOfWeek"] = Numbers(times.DaysOfWeek),
                ["longestGapSeconds"] = Number((int)CronGaps.Longest(Cron).TotalSeconds),
            });
        }
    }

    private static string Numbers(IEnumerable<int> values) => string.Join(' ', values.Select(Number));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
