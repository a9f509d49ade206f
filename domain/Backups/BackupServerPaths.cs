using Infra.Domain.Servers;

namespace Infra.Domain.Backups;

/// <summary>Where the stack installs the backup on the server; the rendered files refer to these.</summary>
public static class BackupServerPaths
{
    public const string BackupScript = "/usr/local/sbin/infra-backup";
    public const string RestoreScript = "/usr/local/sbin/infra-restore";
    public const string WalShipScript = "/usr/local/sbin/" + Infra.Domain.Backups.WalShipScript.Name;

    /// <summary>Repository and credentials (root-only, mode 0600); see <see cref="BackupEnvironmentFile"/>.</summary>
    public const string EnvironmentFile = "/etc/infra-backup/env";

    public const string ServiceUnit = "/etc/systemd/system/" + BackupUnits.ServiceName;
    public const string TimerUnit = "/etc/systemd/system/" + BackupUnits.TimerName;
    public const string WalShipServiceUnit = "/etc/systemd/system/" + BackupUnits.WalShipServiceName;
    public const string WalShipTimerUnit = "/etc/systemd/system/" + BackupUnits.WalShipTimerName;

    /// <summary>Holds <c>last-status</c> (time, result, message of the last run) and the check marker.</summary>
    public const string StateDirectory = "/var/lib/infra-backup";

    public const string StatusFile = StateDirectory + "/" + StatusFileName;

    /// <summary>The record of the last run, in the state directory (backup.sh writes it there).</summary>
    public const string StatusFileName = "last-status";

    public const string VolumesRoot = DataVolume.DockerRoot + "/volumes";
}
