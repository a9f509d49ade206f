using Infra.Domain.Configuration;
using Infra.Domain.Releases;
using Infra.Domain.Validation;
using Infra.Release.Engine;
using Infra.Release.Risk;
using Infra.Release.Stacks;

namespace Infra.Release.Commands;

/// <summary>
/// Previews the stack and reports the risk and the pending configuration. Fails when a stateful
/// resource would be replaced or deleted, a container taking traffic restarted or the proxy reloaded, unless allowed.
/// </summary>
public sealed class PreviewCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string? markdownFile, bool allowDestroy, bool allowTraffic, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            var context = await services.LoadAsync(engine, cancel);
            var steps = new List<StepEvent>();
            await engine.PreviewAsync(steps.Add, cancel);

            var report = RiskReport.From(engine.StackName, steps, context.ActiveSlot);
            var pending = (await PendingConfiguration.ReadAsync(context, cancel)).Describe(engine.StackName);
            var markdown = RiskMarkdown.Render(report) + (pending.Count == 0 ? "" : $"\n### Pending configuration\n\n{string.Join("\n", pending)}\n");
            services.Console.Out(markdown.TrimEnd('\n'));
            if (markdownFile is not null)
            {
                await File.WriteAllTextAsync(markdownFile, markdown, cancel);
            }

            var destructive = report.Destructive;
            if (destructive.Count > 0 && !allowDestroy)
            {
                services.Console.Error($"{destructive.Count} stateful resource(s) would be replaced or deleted ({Names(destructive)}); if that is intended, re-run with --allow-destroy");
                return ExitCodes.Destructive;
            }

            var traffic = report.Traffic;
            if (traffic.Count > 0 && !allowTraffic)
            {
                services.Console.Error($"{traffic.Count} change(s) would restart a container taking traffic or reload the proxy ({Names(traffic)}); roll the change out through the idle slot (`release deploy`, then `release promote`), or if a restart or reload is intended, re-run with --allow-traffic");
                return ExitCodes.Traffic;
            }

            foreach (var (allowed, option) in new[] { (destructive, "--allow-destroy"), (traffic, "--allow-traffic") }.Where(a => a.Item1.Count > 0))
            {
                services.Console.Out($"allowed by {option}: {Names(allowed)}");
            }

            return ExitCodes.Ok;
        });

    private static string Names(IEnumerable<ResourceChange> changes) => string.Join(", ", changes.Select(c => c.Name));
}
