using System.Globalization;
using Cronos;
using Infra.Domain.Backups;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// systemd itself reads every converted schedule: it must print our expression back as its
/// normalized form, and fire at the same times as the cron schedule (Cronos) from a fixed moment.
/// </summary>
[Trait(RequiresProgram.Trait, "systemd-analyze")]
public class SystemdCalendarTests
{
    private static readonly DateTime Base = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [SkippableTheory]
    [MemberData(nameof(CronToOnCalendarTests.Schedules), MemberType = typeof(CronToOnCalendarTests))]
    public async Task Systemd_fires_the_timer_when_cron_would(string cron, string onCalendar)
    {
        var analyze = RequiresProgram.Program("systemd-analyze");
        Assert.Equal(onCalendar, CronToOnCalendar.Convert(cron));

        var result = await ProcessRunner.Run(analyze,
            ["calendar", "--iterations=6", "--base-time=2026-01-01 00:00:00 UTC", onCalendar],
            new Dictionary<string, string> { ["TZ"] = "UTC" });
        Assert.True(result.ExitCode == 0, result.Error);

        var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains($"Normalized form: {onCalendar}", lines);
        var fires = lines.Where(l => l.StartsWith("Next elapse:", StringComparison.Ordinal) || l.StartsWith("Iter. #", StringComparison.Ordinal))
            .Select(l => DateTime.ParseExact(l[(l.IndexOf(':', StringComparison.Ordinal) + 6)..^4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal))
            .ToList();
        Assert.Equal(CronFires(cron).Take(6), fires);
    }

    [SkippableFact]
    public async Task The_units_pass_systemd_verification()
    {
        var analyze = RequiresProgram.Program("systemd-analyze");
        var folder = Directory.CreateTempSubdirectory("infra-units-");
        try
        {
            var script = Path.Combine(folder.FullName, BackupScript.Name);
            ExecutableFile.Write(script, "#!/bin/sh\n");
            var service = Path.Combine(folder.FullName, BackupUnits.ServiceName);
            var timer = Path.Combine(folder.FullName, BackupUnits.TimerName);
            await File.WriteAllTextAsync(service, BackupUnits.Service("prod", BackupHostLayout.Server with { BackupScript = script }));
            await File.WriteAllTextAsync(timer, BackupUnits.Timer("30 2 * * 1-5"));

            var verified = await ProcessRunner.Run(analyze, ["verify", service, timer]);
            Assert.True(verified.ExitCode == 0 && verified.Error.Length == 0, verified.Output + verified.Error);

            // The verifier does complain about a broken unit, so silence above means something.
            await File.WriteAllTextAsync(timer, BackupUnits.Timer("30 2 * * 1-5").Replace("Persistent=true", "Persistent=sometimes", StringComparison.Ordinal));
            Assert.Contains("Failed to parse boolean value, ignoring: sometimes", (await ProcessRunner.Run(analyze, ["verify", service, timer])).Error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<DateTime> CronFires(string cron)
    {
        var expression = CronExpression.Parse(cron);
        for (var next = expression.GetNextOccurrence(Base); next is { } fire; next = expression.GetNextOccurrence(fire))
        {
            yield return fire;
        }
    }
}
