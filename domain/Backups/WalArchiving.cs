using System.Globalization;
using Infra.Domain.Settings;

namespace Infra.Domain.Backups;

/// <summary>
/// Continuous WAL archiving for point-in-time recovery of a backed-up PostgreSQL accessory, with the
/// official image as it is: the server is started with archive settings on its command line, its
/// <c>archive_command</c> copies each finished segment into a volume of its own, and the shipper
/// (<c>infra-wal-ship</c>, every <see cref="ShipEverySeconds"/> s) puts that volume's new segments
/// into the stack's restic repository.
/// </summary>
public static class WalArchiving
{
    /// <summary>
    /// A segment is closed and archived at the latest this long after its first write, so at most this
    /// much committed work waits in pg_wal; with the shipper's interval it bounds what a lost disk loses.
    /// </summary>
    public const int ArchiveTimeoutSeconds = 30;

    /// <summary>How often the shipper runs on the server (systemd timer).</summary>
    public const int ShipEverySeconds = 15;

    /// <summary>Where the archive volume is mounted inside the PostgreSQL container.</summary>
    public const string ContainerArchiveDirectory = "/var/lib/postgresql/wal-archive";

    /// <summary>The archive volume's key on the accessory; Docker names it <c>&lt;accessory&gt;-wal</c>.</summary>
    public const string VolumeKey = "wal";

    /// <summary>Restic snapshot kinds: base backups (pg_basebackup tar) and shipped WAL.</summary>
    public const string BaseKindTag = "base";
    public const string WalKindTag = "wal";

    /// <summary>Inside a restored data folder: the WAL the recovering server reads with its restore_command.</summary>
    public const string RestoreWalFolder = "infra-wal-restore";

    /// <summary>
    /// How long a segment may wait (not yet archived, or archived but not shipped) before status says
    /// archiving is behind: a closed segment is normally shipped by the next run or the one after.
    /// </summary>
    public const int BehindAfterSeconds = ArchiveTimeoutSeconds + 2 * ShipEverySeconds;

    /// <summary>
    /// The shipper records every run; a record older than this says it stopped running (its timer, the
    /// host), and the backup-freshness alert and `release status` say so. A run may wait minutes for the
    /// repository's lock (a prune), so this is far above <see cref="ShipEverySeconds"/>.
    /// </summary>
    public const int RecordStaleAfterSeconds = 600;

    /// <summary>Each archiving accessory's record of the shipper's last run, in the backup's state folder (time, result ok|behind, pending_segments, pending_mib, message).</summary>
    public static string StatusFileName(string accessory) => StatusFilePrefix + accessory;

    public const string StatusFilePrefix = "last-wal-";

    /// <summary>
    /// An RFC 3339 time as <c>--to</c> takes it (a 'T', seconds, optional fraction, 'Z' or an offset);
    /// the restore script and the release tool both check with it, then the calendar.
    /// </summary>
    public const string Rfc3339Pattern = @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

    /// <summary>The one-line error for a <c>--to</c> value that is neither an RFC 3339 time nor <c>latest</c>.</summary>
    public static string BadTime(string value) => $"--to '{value}' is not an RFC 3339 time (e.g. 2026-12-02T07:15:00Z) or 'latest'";

    /// <summary>Whether an accessory's WAL is archived: every backed-up PostgreSQL.</summary>
    public static bool Applies(AccessorySettings accessory) => accessory.Backup && accessory.Kind == AccessoryKind.Postgres;

    /// <summary>The accessory's archive volume, named like its data volume (<c>db-wal</c> beside <c>db-data</c>).</summary>
    public static string VolumeName(string accessory) => Hosting.ShortNames.AccessoryVolume(accessory, VolumeKey);

    /// <summary>
    /// Copies %p into <paramref name="directory"/> as %f. It fails (so PostgreSQL keeps the segment and
    /// retries) when the copy cannot be written; it never replaces an archived segment, and succeeds
    /// for one already there only when the content is the same (a segment archived again after a
    /// crash). The copy is synced before it takes its name, and the name before success is reported.
    /// </summary>
    public static string ArchiveCommand(string directory) =>
        $"a={ShellSafePath(directory)}; " +
        "if [ -e \"$a/%f\" ]; then cmp -s \"%p\" \"$a/%f\"; " +
        "else cp \"%p\" \"$a/.%f.part\" && sync \"$a/.%f.part\" && mv \"$a/.%f.part\" \"$a/%f\" && sync \"$a\"; fi";

    /// <summary>The server settings that turn archiving on, as <c>-c name=value</c> arguments.</summary>
    public static IReadOnlyList<string> ServerArguments(string archiveDirectory, int archiveTimeoutSeconds = ArchiveTimeoutSeconds) =>
    [
        "-c", "wal_level=replica",
        "-c", "archive_mode=on",
        "-c", "archive_command=" + ArchiveCommand(archiveDirectory),
        "-c", "archive_timeout=" + archiveTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>
    /// The container command of an archiving accessory with the official image: as root, make the
    /// archive volume the postgres user's (a fresh volume is root's), then run the image's own
    /// entrypoint with the server's arguments, exactly as the image would.
    /// </summary>
    public static IReadOnlyList<string> ContainerCommand(int port) =>
    [
        "sh", "-c", "install -d -o postgres -g postgres -m 0700 \"$1\" && shift && exec docker-entrypoint.sh \"$@\"",
        "infra-wal-archiving", ContainerArchiveDirectory,
        "postgres", "-p", port.ToString(CultureInfo.InvariantCulture), .. ServerArguments(ContainerArchiveDirectory),
    ];

    private static string ShellSafePath(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.')
            ? path
            : throw new ArgumentException($"archive directory '{path}' cannot go into archive_command; use letters, digits, '/', '_', '.' and '-'");
}
