using Infra.Domain.Backups;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// Two months of nightly database snapshots (made with <c>restic backup --time</c>, one at a time:
/// restic 0.14 stalls for up to a minute when another process removes its lock beside it), then one
/// real run of the rendered script: retention keeps exactly the expected nights, and thins neither
/// another item's history nor snapshots someone made by hand.
/// </summary>
[Trait(RequiresProgram.Trait, "restic")]
[Trait(RequiresProgram.Trait, "s3rver")]
public sealed class RetentionTests
{
    private static readonly RetentionSettings Retention = new() { Daily = 7, Weekly = 4, Monthly = 3 };

    [SkippableFact]
    public async Task Keeps_exactly_the_daily_weekly_and_monthly_snapshots_of_each_item()
    {
        RequiresProgram.Program("restic");
        await using var s3 = await S3Server.Start();
        var plan = new BackupPlan("test", [new DatabaseBackup("db", AccessoryKind.Postgres, 5432, "app", "app")], [new VolumeBackup("web", "uploads")], Retention);
        using var rig = await BackupRig.Create(s3, plan);
        // Retention is the point here, not dumping: the dump is a stand-in that always succeeds.
        rig.ProvideProgram("pg_dump", "#!/bin/sh\necho '-- dump of today'\n");
        rig.ProvideProgram("pg_basebackup", "#!/bin/sh\necho 'base backup of today'\n");
        rig.ProvideProgram("psql", "#!/bin/sh\necho '0 0 16777216 ok -'\n"); // the archiver's state, for the WAL shipper
        Directory.CreateDirectory(rig.VolumeData("web-uploads"));
        await File.WriteAllTextAsync(Path.Combine(rig.VolumeData("web-uploads"), "a.txt"), "a");

        // 2025-02-01 to 2025-03-31: a Saturday to a Monday.
        var nights = Enumerable.Range(0, 59).Select(d => new DateTime(2025, 2, 1, 3, 15, 0, DateTimeKind.Utc).AddDays(d)).ToList();
        await File.WriteAllLinesAsync(Path.Combine(rig.Dir("calendar"), "nights"), nights.Select(n => n.ToString("yyyy-MM-dd HH:mm:ss")));
        var seeded = await rig.Shell($"""
            set -euo pipefail
            while read -r night; do
              echo "-- dump of $night" | restic backup --quiet --stdin --stdin-filename db.sql --tag kind=database,name=db --time "$night"
            done < {rig.Dir("calendar")}/nights
            cd {Path.GetDirectoryName(rig.VolumeData("web-uploads"))}
            for night in '2025-02-03 03:15:00' '2025-02-10 03:15:00' '2025-03-10 03:15:00'; do
              restic backup --quiet --tag kind=volume,name=web-uploads --time "$night" _data
            done
            echo 'made by hand' | restic backup --quiet --stdin --stdin-filename notes.txt --tag manual --time '2025-02-05 12:00:00'
            """);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
        Assert.Equal(63, (await rig.Snapshots()).Count);

        var run = await rig.Backup();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        var kept = await rig.Snapshots();
        var keptNights = kept.Where(s => s.Tags == "kind=database,name=db" && s.Time.Year == 2025).Select(s => s.Time.ToString("yyyy-MM-dd"));
        Assert.Equal(
            [
                "2025-02-28", // monthly: the last of February (March's is the newest calendar night, today's month counts too)
                "2025-03-23", // weekly: Sunday of ISO week 12 (weeks 13 and 14 are kept as dailies; today's week counts too)
                "2025-03-26", "2025-03-27", "2025-03-28", "2025-03-29", "2025-03-30", "2025-03-31", // daily, with today's
            ],
            keptNights);
        Assert.Single(kept, s => s.Tags == "kind=database,name=db" && s.Time.Year > 2025);
        Assert.Equal(4, kept.Count(s => s.Tags == "kind=volume,name=web-uploads"));
        Assert.Single(kept, s => s.Tags == "manual");
    }
}
