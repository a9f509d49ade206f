using System.Globalization;
using Infra.Domain.Containers;
using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Release.Hosts;

namespace Infra.Release.Status;

/// <summary>Builds the status from what was read: a pure function, so every verdict is tested exactly.</summary>
public static class StatusBuilder
{
    public static StackStatus Build(StatusInputs inputs)
    {
        var settings = inputs.Settings;
        var names = DockerNames.For(settings);
        var slots = Slots.All.SelectMany(slot => SlotRows(inputs, names, slot)).ToList();
        var routes = RouteRows(inputs).ToList();
        var accessories = settings.Accessories.Select(a => AccessoryRow(inputs, names, a)).ToList();
        var backup = BackupRow(inputs);
        var wal = inputs.WalArchiving.Select(reading => WalArchivingStatus.From(reading, inputs.Now)).ToList();
        var problems = slots.Select(s => s.Problem)
            .Concat(inputs.ProxyError is { } error ? [$"proxy: {error}"] : [])
            .Concat(routes.Select(r => r.Problem))
            .Concat(accessories.Select(a => a.Problem))
            .Concat(wal.Select(w => w.Problem))
            .Append(backup.Problem)
            .Append(SchedulerProblem(inputs))
            .OfType<string>()
            .ToList();
        var proxySlots = routes.Select(r => r.ProxySlot).Distinct().ToList();
        return new StackStatus(
            settings.StackName,
            settings.Release.ActiveSlot,
            inputs.ProxyServers is not null && proxySlots is [{ } one] ? one : null,
            slots,
            routes,
            accessories,
            backup,
            inputs.Pending.Describe(settings.StackName),
            problems)
        {
            WalArchiving = wal,
        };
    }

    /// <summary>The health paths `release status` asks: every service with one, in every slot whose container should run.</summary>
    public static IReadOnlyList<ReadinessProbe> ProbeTargets(StackSettings settings) =>
        DeploymentPlan.For(settings).Slots
            .Where(slot => slot.Runs)
            .SelectMany(slot => slot.Services)
            .Select(spec => spec.Readiness)
            .OfType<ReadinessProbe>()
            .ToList();

    /// <summary>Every container `release status` looks at: each service in each slot, each accessory, the proxy, and the local stack's backup scheduler.</summary>
    public static IReadOnlyList<string> Containers(StackSettings settings)
    {
        var names = DockerNames.For(settings);
        return Slots.All.SelectMany(slot => settings.ServicesIn(slot).Select(s => names.Container(ShortNames.SlotContainer(s.Name, slot))))
            .Concat(settings.Accessories.Select(a => names.Container(a.Name)))
            .Append(names.Proxy)
            .Concat(BackupSchedule.ContainerFor(settings) is { } scheduler ? [scheduler] : [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<SlotStatus> SlotRows(StatusInputs inputs, DockerNames names, string slot)
    {
        var settings = inputs.Settings;
        var active = slot == settings.Release.ActiveSlot;
        if (settings.Release.For(slot) is not { IsEmpty: false } release)
        {
            foreach (var service in settings.Services)
            {
                var container = names.Container(ShortNames.SlotContainer(service.Name, slot));
                yield return new SlotStatus(service.Name, slot, active, "-", container, null, "empty", "-", null,
                    active ? $"{service.Name} ({slot}): the active slot holds no release" : null);
            }

            yield break;
        }

        var runs = active || !settings.Release.StopIdle;
        foreach (var service in settings.ServicesIn(slot))
        {
            var spec = ContainerPlanner.ForService(service, slot, release);
            var container = names.Container(spec.ContainerName);
            var label = $"{service.Name} ({slot})";
            if (!inputs.Containers.TryGetValue(container, out var facts))
            {
                yield return new SlotStatus(service.Name, slot, active, release.Version, container, null, "missing", "-", null,
                    runs ? $"{label}: container {container} does not exist" : null);
                continue;
            }

            var (health, unhealthy) = facts.IsRunning ? Health(inputs, spec, facts) : ("-", null);
            var problem = facts.IsRunning switch
            {
                false when runs => $"{label}: container {container} is {facts.State}",
                _ when facts.Labels.GetValueOrDefault(ContainerLabels.Release) is { } running && running != release.Version
                    => $"{label}: container {container} runs release {running}, the stack says {release.Version}",
                _ when facts.Image.Contains('@', StringComparison.Ordinal) && facts.Image != release.Images[service.Name]
                    => $"{label}: container {container} runs {facts.Image}, the stack says {release.Images[service.Name]}",
                _ => unhealthy is null ? null : $"{label}: {unhealthy}",
            };
            var state = facts.IsRunning || runs ? facts.State : $"{facts.State} (stopIdle)";
            yield return new SlotStatus(service.Name, slot, active, release.Version, container, facts.Digest, state, health, facts.StartedAt, problem);
        }
    }

    /// <summary>The health shown, and why it is unhealthy (null when it is not).</summary>
    private static (string Health, string? Unhealthy) Health(StatusInputs inputs, ContainerSpec spec, ContainerFacts facts)
    {
        if (spec.Readiness is { } probe)
        {
            return inputs.Probes.TryGetValue(probe.Alias, out var status) switch
            {
                false => ("not asked", $"GET {probe.HealthPath} was not asked (the probe did not run)"),
                true when status is >= 200 and < 300 => (Number(status), null),
                true when status == 0 => ("no answer", $"GET {probe.HealthPath} got no answer within {StatusProbe.AnswerMilliseconds / 1000} s"),
                _ => (Number(status), $"GET {probe.HealthPath} answered {Number(status)}"),
            };
        }

        return facts.Health switch
        {
            null => ("-", null),
            "healthy" => ("healthy", null),
            var other => (other, $"Docker's healthcheck says {other}"),
        };
    }

    private static IEnumerable<RouteStatus> RouteRows(StatusInputs inputs)
    {
        var configured = inputs.Settings.Release.ActiveSlot;
        var order = inputs.Settings.Services.Select(s => s.Name).ToList();
        foreach (var route in RoutedService.From(inputs.Settings).OrderBy(r => order.IndexOf(r.Name)))
        {
            if (inputs.ProxyServers is not { } servers)
            {
                yield return new RouteStatus(route.Name, null, configured, null);
                continue;
            }

            var taking = servers.Where(s => s.Backend == route.Backend && s.TakesTraffic).ToList();
            var proxySlot = taking switch
            {
                [var one] => one.Server,
                [] => "none",
                _ => "both",
            };
            var problem = taking switch
            {
                [] => $"route {route.Name}: the proxy sends it to no slot (backend {route.Backend} has no server out of maintenance)",
                [var one] when one.Server != configured => $"route {route.Name}: the proxy sends it to {one.Server}, the stack says {configured}",
                [var one] when !one.IsUp => $"route {route.Name}: the proxy's server {route.Backend}/{one.Server} is down ({(one.IsResolved ? "its health checks fail" : "its address does not resolve")})",
                [_] => null,
                _ => $"route {route.Name}: the proxy sends it to {string.Join(" and ", taking.Select(s => s.Server))} at once",
            };
            yield return new RouteStatus(route.Name, proxySlot, configured, problem);
        }
    }

    private static AccessoryStatus AccessoryRow(StatusInputs inputs, DockerNames names, AccessorySettings accessory)
    {
        var container = names.Container(accessory.Name);
        var kind = accessory.Kind.ToString().ToLowerInvariant();
        if (!inputs.Containers.TryGetValue(container, out var facts))
        {
            return new AccessoryStatus(accessory.Name, kind, container, "missing", "-", null, $"accessory {accessory.Name}: container {container} does not exist");
        }

        var health = facts.Health ?? "-";
        var problem = (facts.IsRunning, facts.Health) switch
        {
            (false, _) => $"accessory {accessory.Name}: container {container} is {facts.State}",
            (true, "healthy" or null) => null,
            (true, var other) => $"accessory {accessory.Name}: Docker's healthcheck says {other}",
        };
        return new AccessoryStatus(accessory.Name, kind, container, facts.State, health, facts.StartedAt, problem);
    }

    private static BackupStatus BackupRow(StatusInputs inputs)
    {
        if (inputs.Settings.Backup is not { } backup)
        {
            return new BackupStatus("not configured", null, null, null, null, false, null);
        }

        if (inputs.Backup.Error is { } error)
        {
            return new BackupStatus("unknown", null, null, error, null, false, $"backup: cannot read its last-status record: {error}");
        }

        if (inputs.Backup.Record is not { } record)
        {
            return new BackupStatus("never ran", null, null, null, null, false, "backup: no run has recorded a status yet");
        }

        var age = inputs.Now - record.Time;
        var due = MissedSchedule.NextDue(backup.Schedule, record.Time);
        var missed = due is { } when && when + MissedSchedule.Grace < inputs.Now;
        var problem = record.Result switch
        {
            _ when missed => $"backup: the run due at {Time(due!.Value)} is missing; the last record is {record.Result} at {Time(record.Time)}",
            "ok" or "running" => null,
            var result => $"backup: the last run {result} at {Time(record.Time)}: {record.Message}",
        };
        return new BackupStatus(record.Result, record.Time, age, record.Message, due, missed, problem) { Size = record.Size };
    }

    /// <summary>On the local engine a container runs the backup and the WAL shipping on schedule; without it nothing does.</summary>
    private static string? SchedulerProblem(StatusInputs inputs)
    {
        if (BackupSchedule.ContainerFor(inputs.Settings) is not { } scheduler)
        {
            return null;
        }

        const string consequence = "nothing runs the backup or ships WAL on schedule";
        return !inputs.Containers.TryGetValue(scheduler, out var facts)
            ? $"backup: the scheduler container {scheduler} does not exist, so {consequence} (the next deploy creates it)"
            : facts.IsRunning ? null : $"backup: the scheduler container {scheduler} is {facts.State}, so {consequence} (`docker start {scheduler}`)";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
