using Infra.Release.Engine;
using Infra.Release.Risk;

namespace Infra.Release.Commands;

/// <summary>Previews the stack and reports the risk; fails when a stateful resource would be replaced or deleted unless allowed.</summary>
public sealed class PreviewCommand(ReleaseServices services)
{
    public Task<int> RunAsync(string? stack, string? markdownFile, bool allowDestroy, CancellationToken cancel) =>
        CommandRunner.RunAsync(services.Console, async () =>
        {
            await using var engine = await services.SelectAsync(stack, cancel);
            var steps = new List<StepEvent>();
            await engine.PreviewAsync(steps.Add, cancel);

            var report = RiskReport.From(engine.StackName, steps);
            var markdown = RiskMarkdown.Render(report);
            services.Console.Out(markdown.TrimEnd('\n'));
            if (markdownFile is not null)
            {
                await File.WriteAllTextAsync(markdownFile, markdown, cancel);
            }

            var destructive = report.Destructive;
            if (destructive.Count == 0)
            {
                return ExitCodes.Ok;
            }

            var names = string.Join(", ", destructive.Select(d => d.Name));
            if (allowDestroy)
            {
                services.Console.Out($"allowed by --allow-destroy: {names}");
                return ExitCodes.Ok;
            }

            services.Console.Error($"{destructive.Count} stateful resource(s) would be replaced or deleted ({names}); if that is intended, re-run with --allow-destroy");
            return ExitCodes.Destructive;
        });
}
