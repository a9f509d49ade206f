using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Infra.Bench;
using Infra.Domain.Configuration;
using Infra.Domain.Validation;
using Infra.Stacks;
using Infra.Stacks.Tests.Support;
using Infra.TestSupport;
using Pulumi;
using Pulumi.Testing;

// Prints one line per size: evaluate services=N seconds=S resources=R
// Each size is measured after one warm-up run, as the median of three runs.
var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10, 50, 100];
var repoRoot = RepoFiles.Root;

await Evaluate(5); // warm-up: JIT and Pulumi's first-run costs are not part of growth
foreach (var size in sizes)
{
    var runs = new List<(double Seconds, int Resources)>();
    for (var i = 0; i < 3; i++)
    {
        runs.Add(await Evaluate(size));
    }

    var median = runs.OrderBy(r => r.Seconds).ElementAt(1);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluate services={size} seconds={median.Seconds:F3} resources={median.Resources}"));
}

async Task<(double Seconds, int Resources)> Evaluate(int services)
{
    var (config, secretKeys) = ProdWithServices.Build(repoRoot, services);
    Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
    Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(secretKeys));
    Environment.SetEnvironmentVariable("PULUMI_STACK", "prod");

    var stopwatch = Stopwatch.StartNew();
    var configuration = StackConfiguration.Load(PulumiEnvironmentConfig.FromProcess());
    if (!configuration.IsValid)
    {
        throw new InvalidOperationException(configuration.Report("prod"));
    }

    var (resources, _) = await Deployment.TestAsync(
        new Mocks(),
        new TestOptions { ProjectName = "infra", StackName = "prod", IsPreview = true },
        () => StackProgram.Define(configuration));
    stopwatch.Stop();
    return (stopwatch.Elapsed.TotalSeconds, resources.Length);
}
