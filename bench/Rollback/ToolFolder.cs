using Infra.Proxy.Harness;

namespace Infra.Bench;

/// <summary>
/// Where the bench runs the release tool: a project folder of its own (Pulumi.yaml and the rig's stack
/// file as Pulumi.local.yaml, which the tool finds from its working folder) and the environment it runs
/// with. PATH holds only what scripts/release and rollback --now run (bash, the tool's staleness check,
/// dotnet and docker: nothing else on the host), and PULUMI_HOME is empty, so there is no Pulumi CLI and
/// the recording half stops at once with its UnrecordedSwitch report (see bench/rollback).
/// </summary>
public sealed class ToolFolder : IDisposable
{
    private static readonly string[] Programs = ["bash", "sh", "cat", "dirname", "find", "dotnet", "docker"];

    private readonly DirectoryInfo _root;

    private ToolFolder(DirectoryInfo root)
    {
        _root = root;
    }

    /// <summary>The tool's working folder: the project, with the stack file.</summary>
    public string Project => Path.Combine(_root.FullName, "project");

    public IReadOnlyDictionary<string, string> Environment { get; private init; } = new Dictionary<string, string>();

    public static ToolFolder Create(string helperImage)
    {
        var root = Directory.CreateTempSubdirectory("infra-bench-rollback-");
        var bin = Directory.CreateDirectory(Path.Combine(root.FullName, "bin")).FullName;
        foreach (var program in Programs)
        {
            var found = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"bench/rollback needs {program} on PATH");
            File.CreateSymbolicLink(Path.Combine(bin, program), found);
        }

        var folder = new ToolFolder(root)
        {
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = bin,
                ["PULUMI_HOME"] = Directory.CreateDirectory(Path.Combine(root.FullName, "pulumi-home")).FullName,
                [Infra.Release.Commands.ReleaseServices.HelperImageVariable] = helperImage,
            },
        };
        Directory.CreateDirectory(folder.Project);
        File.WriteAllText(Path.Combine(folder.Project, "Pulumi.yaml"), "name: infra\nruntime: dotnet\ndescription: bench/rollback's stack file\n");
        return folder;
    }

    /// <summary>Writes Pulumi.local.yaml: the rig's stack with <paramref name="activeSlot"/> taking traffic.</summary>
    public void WriteStackFile(DockerStackRig rig, string activeSlot) =>
        File.WriteAllText(Path.Combine(Project, "Pulumi.local.yaml"), RigStackFile.Text(rig, activeSlot));

    public void Dispose() => _root.Delete(recursive: true);
}
