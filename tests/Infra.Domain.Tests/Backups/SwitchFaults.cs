using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;

namespace Infra.Domain.Tests.Backups;

/// <summary>
/// The switch's part of the fault matrix: the rendered switch-to-green, against real HAProxy 2.6 with
/// blue live, stopped for real at each of its phases, mapped onto the matrix's: before (verify, nothing
/// changed yet), transfer (stage: the new haproxy.cfg written beside the old one), apply (after the
/// runtime flip, before the rename that persists it) and record (writing its own record, last-switch),
/// each by SIGTERM to its process group and by SIGKILL (a helper container's or unit's hard stop).
/// After each: every route answers from one slot, haproxy.cfg is whole and names one slot, the run
/// failed loudly, the record says what happened, and the next run switches by itself (no staged file
/// left, record ok, the switch surviving a proxy restart).
/// </summary>
public static partial class SwitchFaults
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^haproxy\.cfg\.[A-Za-z0-9]{6}$")]
    private static partial System.Text.RegularExpressions.Regex StagedFile();

    public static async Task Run(Action<string, string, string, List<string>> record)
    {
        var date = RequiresProgram.Program("date");
        var sync = RequiresProgram.Program("sync");
        var mv = RequiresProgram.Program("mv");
        RequiresProgram.Program("setsid");
        (string Phase, string How, string Program, string Real, string When)[] points =
        [
            ("before", "while it verifies the target's health", "date", date, """[[ "$1" == +%s%3N ]]"""),
            ("transfer", "after writing the staged haproxy.cfg, while it syncs it", "sync", sync, """[[ "$1" == *haproxy.cfg.* ]]"""),
            ("apply", "after the runtime flip, before the rename that persists it", "mv", mv, """[[ "${*: -1}" == */haproxy.cfg ]]"""),
            ("record", "while it writes its record of success", "mv", mv, """[[ "${*: -1}" == */last-switch ]] && grep -qx result=ok "$2" """),
        ];
        foreach (var point in points)
        {
            foreach (var signal in new[] { "TERM", "KILL" })
            {
                var problems = new List<string>();
                await Fault(point.Phase, signal, point.Program, point.Real, point.When, problems);
                record("switch", point.Phase, $"SIG{signal} to the group {point.How}", problems);
            }
        }
    }

    private static async Task Fault(string phase, string signal, string program, string real, string when, List<string> problems)
    {
        await using var proxy = await RealProxy.StartRig();
        var bin = Path.Combine(proxy.Directory, "fault-bin");
        var point = FaultPoint.Install(Path.Combine(proxy.Directory, "faults"), (name, text) => ExecutableFile.Write(Path.Combine(bin, name), text), program, real, when, FaultPoint.Pause);
        var environment = new Dictionary<string, string>
        {
            ["HAPROXY_RUNTIME"] = proxy.RuntimeAddress,
            ["HAPROXY_CONFIG"] = proxy.ConfigPath,
            ["PROXY_PUBLIC"] = $"127.0.0.1:{proxy.PublicPort}",
            ["PROXY_PREVIEW"] = $"127.0.0.1:{proxy.PreviewPort}",
            ["VERIFY_SECONDS"] = "10",
            ["OBSERVE_SECONDS"] = "10",
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
        };
        var script = Path.Combine(proxy.Directory, SwitchScript.FileName(Slots.Green));
        await using (var run = ScriptRun.Start("bash", [script], environment))
        {
            await point.WaitUntilReached(run);
            await run.SignalGroup(signal);
            var result = await run.Wait();
            Check(problems, result.ExitCode != 0, $"exit {result.ExitCode}");
            var switchRecord = Record(proxy);
            if (signal == "TERM")
            {
                Check(problems, result.Error.Contains("INTERRUPTED", StringComparison.Ordinal), $"nothing loud on stderr: {result.Error}");
                Check(problems, switchRecord.GetValueOrDefault("result") == "interrupted", $"last-switch says {switchRecord.GetValueOrDefault("result")}");
            }
            else
            {
                // Killed outright: it could record nothing more, but its record says it never finished.
                Check(problems, switchRecord.GetValueOrDefault("result") == "running" && switchRecord.GetValueOrDefault("pid") == run.ProcessGroup.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"last-switch says {string.Join(" ", switchRecord.Select(p => $"{p.Key}={p.Value}"))}");
            }
        }

        File.Delete(Path.Combine(bin, program));
        var traffic = await Traffic(proxy);
        var file = FileSlot(proxy);
        Check(problems, traffic is not null, "DATA: the routes answer from different slots");
        Check(problems, file is not null, "DATA: haproxy.cfg is neither the blue nor the green configuration");
        // Stopped with a signal it can handle, traffic and haproxy.cfg agree. Killed outright between the
        // flip and the rename, traffic is on green while the file still names blue, and the record says
        // it did not finish: the next run (below) completes it.
        var lagging = signal == "KILL" && phase == "apply";
        Check(problems, traffic == file || (lagging && traffic == Slots.Green && file == Slots.Blue), $"traffic is on {traffic} while haproxy.cfg names {file}");

        var next = await proxy.SwitchAsync(Slots.Green);
        Check(problems, next.ExitCode == 0, $"the next run failed: {next}");
        Check(problems, signal != "KILL" || next.Output.Contains("the previous switch was stopped before it recorded an outcome", StringComparison.Ordinal), $"the next run did not say what the killed one left: {next.Output}");
        Check(problems, Record(proxy).GetValueOrDefault("result") == "ok", "last-switch does not say ok after the next run");
        Check(problems, await Traffic(proxy) == Slots.Green && FileSlot(proxy) == Slots.Green, "DATA: the next run did not leave traffic and haproxy.cfg on green");
        // mktemp's names: haproxy.cfg.XXXXXX (.NET's '?' would also match haproxy.cfg.log and .lock).
        var staged = Directory.EnumerateFiles(proxy.Directory).Select(Path.GetFileName).Where(n => StagedFile().IsMatch(n!)).ToList();
        Check(problems, staged.Count == 0, $"a staged file was left behind: {string.Join(", ", staged)}");
        await proxy.RestartAsync();
        Check(problems, await Traffic(proxy) == Slots.Green, "DATA: after a proxy restart traffic is not on green");
    }

    /// <summary>The one slot every route answers from, or null when they differ.</summary>
    private static async Task<string?> Traffic(ProxyRig proxy)
    {
        var slots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in ProxyRig.Services)
        {
            slots.UnionWith(await RealProxy.SlotsAnswering(proxy.PublicPort, ProxyRig.PathOf(service), count: 5));
        }

        return slots.Count == 1 ? slots.Single() : null;
    }

    /// <summary>The slot haproxy.cfg is the whole rendered configuration of, or null.</summary>
    private static string? FileSlot(ProxyRig proxy)
    {
        var text = File.ReadAllText(proxy.ConfigPath).TrimEnd('\n');
        return Slots.All.SingleOrDefault(slot => text == HaproxyConfig.Render(proxy.Settings, slot, proxy.Layout).TrimEnd('\n'));
    }

    private static Dictionary<string, string> Record(ProxyRig proxy)
    {
        var path = Path.Combine(proxy.Directory, ProxyLayout.SwitchRecordFileName);
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : [];
    }

    private static void Check(List<string> problems, bool holds, string problem)
    {
        if (!holds)
        {
            problems.Add(problem);
        }
    }
}
