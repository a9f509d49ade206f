using System.Collections.Immutable;
using System.Text.Json;
using Infra.Domain.Configuration;
using Infra.Domain.Validation;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Infra.Stacks.Tests.Support;

/// <summary>
/// Runs the real program path under Pulumi's mocks: a stack file becomes PULUMI_CONFIG (as the
/// CLI passes it), settings are loaded and validated from there, and the stack is defined.
/// Secure values get a test value of their own; they are never decrypted.
/// </summary>
public sealed class StackRun
{
    private StackRun(ImmutableArray<Resource> resources, IDictionary<string, object?> outputs, IReadOnlyList<RecordedResource> recorded, IReadOnlyDictionary<string, ImmutableDictionary<string, object>> inputs, IReadOnlyDictionary<string, ImmutableDictionary<string, object>>? resourceOutputs = null)
    {
        OutputsOfResources = resourceOutputs ?? new Dictionary<string, ImmutableDictionary<string, object>>();
        Inputs = inputs;
        Resources = resources;
        Outputs = outputs;
        Recorded = recorded;
    }

    public ImmutableArray<Resource> Resources { get; }
    public IDictionary<string, object?> Outputs { get; }
    public IReadOnlyList<RecordedResource> Recorded { get; }

    /// <summary>Inputs of every custom resource and component, by "type name", as the engine would receive them.</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<string, object>> Inputs { get; }

    /// <summary>Outputs of every custom resource and component, by "type name", as the mocks answered.</summary>
    public IReadOnlyDictionary<string, ImmutableDictionary<string, object>> OutputsOfResources { get; }

    public static string SecretValue(string key) => $"test-secret-of-{key}";

    public static Task<StackRun> OfRepoStack(string stack, params string[] extraSecrets) =>
        OfFile(RepoFiles.Path($"Pulumi.{stack}.yaml"), extraSecrets);

    /// <summary>Runs a repo stack file after <paramref name="edit"/> changes its text; the edited copy lives in a temporary folder.</summary>
    public static async Task<StackRun> OfEditedRepoStack(string stack, Func<string, string> edit, params string[] extraSecrets)
    {
        var folder = Directory.CreateTempSubdirectory("infra-stack-");
        try
        {
            var path = Path.Combine(folder.FullName, $"Pulumi.{stack}.yaml");
            await File.WriteAllTextAsync(path, edit(await File.ReadAllTextAsync(RepoFiles.Path($"Pulumi.{stack}.yaml"))));
            return await OfFile(path, extraSecrets);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static Task<StackRun> OfWorkload(string file) => OfFile(RepoFiles.Path("tests", "workloads", file));

    public static Task<StackRun> OfFile(string path, params string[] extraSecrets) => OfFile(path, _ => { }, extraSecrets);

    /// <summary>Runs a stack file after <paramref name="change"/> edits its config (values as the CLI passes them).</summary>
    public static async Task<StackRun> OfFile(string path, Action<IDictionary<string, string>> change, params string[] extraSecrets)
    {
        var file = StackFileConfig.Load(path);
        var config = new Dictionary<string, string>();
        var secretKeys = new List<string>();
        foreach (var key in file.Keys)
        {
            var value = file.Get(key)!;
            config[key] = value.IsSecret ? SecretValue(key) : value.Text;
            if (value.IsSecret)
            {
                secretKeys.Add(key);
            }
        }

        foreach (var key in extraSecrets.Select(ConfigKeys.Full))
        {
            config[key] = SecretValue(key);
            secretKeys.Add(key);
        }

        change(config);
        return await Run(file.StackName, config, secretKeys);
    }

    public static async Task<StackRun> Run(string stackName, IDictionary<string, string> config, IReadOnlyList<string> secretKeys)
    {
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(secretKeys));
        Environment.SetEnvironmentVariable("PULUMI_STACK", stackName);

        var configuration = StackConfiguration.Load(PulumiEnvironmentConfig.FromProcess());
        Assert.True(configuration.IsValid, configuration.Report(stackName));

        var recorded = new List<RecordedResource>();
        var root = new ComponentResourceOptions { ResourceTransformations = { args => Record(args, recorded) } };
        var mocks = new Mocks();
        var (resources, outputs) = await Deployment.TestAsync(
            mocks,
            new TestOptions { ProjectName = "infra", StackName = stackName, IsPreview = false },
            () => StackProgram.Define(configuration, root));
        return new StackRun(resources, outputs, recorded, mocks.Inputs, mocks.Outputs);
    }

    public T Named<T>(string name) where T : Resource =>
        Resources.OfType<T>().Single(r => r.GetResourceName() == name);

    /// <summary>The custom resource of that name (components share names with their main child).</summary>
    public RecordedResource RecordOf(string name) => Recorded.Single(r => r.Name == name && !r.IsComponent);

    public TArgs ArgsOf<TArgs>(string name) where TArgs : ResourceArgs => (TArgs)RecordOf(name).Args;

    public IReadOnlyList<string> Snapshot() =>
        Recorded.Select(r => r.SnapshotLine()).Order(StringComparer.Ordinal).ToList();

    private static ResourceTransformationResult? Record(ResourceTransformationArgs args, List<RecordedResource> recorded)
    {
        var options = args.Options;
        var dependsOn = options.DependsOn is { } list
            ? OutputValue(list.ToOutput()).Select(r => r.GetResourceName()).Order(StringComparer.Ordinal).ToList()
            : [];
        var custom = options as CustomResourceOptions;
        recorded.Add(new RecordedResource(
            args.Resource,
            args.Args,
            args.Resource.GetResourceType(),
            args.Resource.GetResourceName(),
            options.Parent?.GetResourceName(),
            options.Protect ?? false,
            options.RetainOnDelete ?? false,
            dependsOn,
            options.Provider?.GetResourceName(),
            options.IgnoreChanges.ToList(),
            options.Aliases.Select(alias => Describe(OutputUtilities.GetValueAsync(alias.ToOutput()).GetAwaiter().GetResult())).ToList()));
        return null;
    }

    /// <summary>What an alias keeps of the URN it stands for; only the fields it sets.</summary>
    private static string Describe(Alias alias) => string.Join(" ", new[]
    {
        alias.Name is null ? null : $"name={OutputUtilities.GetValueAsync(alias.Name.ToOutput()).GetAwaiter().GetResult()}",
        alias.Type is null ? null : $"type={OutputUtilities.GetValueAsync(alias.Type.ToOutput()).GetAwaiter().GetResult()}",
        alias.Parent is { } parent ? $"parent={parent.GetResourceName()}" : null,
        alias.NoParent ? "noParent" : null,
    }.OfType<string>());

    private static ImmutableArray<Resource> OutputValue(Output<ImmutableArray<Resource>> output) =>
        OutputUtilities.GetValueAsync(output).GetAwaiter().GetResult();
}
