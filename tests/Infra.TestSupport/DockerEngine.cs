namespace Infra.TestSupport;

/// <summary>
/// The real Docker engine, for tests that carry the trait <c>Requires=docker</c>: skipped where no
/// engine answers, a failure under CI=true (.ci/run starts one). Images the tests need are built
/// locally by the scripts in tests/images, cached by content.
/// </summary>
public static class DockerEngine
{
    public const string Trait = "docker";

    private static readonly SemaphoreSlim Building = new(1, 1);
    private static readonly Dictionary<string, string> Built = new(StringComparer.Ordinal);

    /// <summary>The docker program, once an engine answers; otherwise a skip (or a CI failure).</summary>
    public static async Task<string> Require()
    {
        var docker = RequiresProgram.Program("docker");
        var info = await ProcessRunner.Run(docker, ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(30));
        if (info.ExitCode != 0)
        {
            var reason = $"needs a running Docker engine, and `docker info` says: {info.Error.Trim()}";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"under CI this test {reason}");
            }

            Skip.If(true, reason);
        }

        return docker;
    }

    /// <summary>Builds (or finds, by content) the image of tests/images/<paramref name="name"/> (with the build script's <paramref name="arguments"/>) and returns its tag.</summary>
    public static async Task<string> Image(string name, params string[] arguments)
    {
        await Building.WaitAsync();
        try
        {
            var key = string.Join(" ", [name, .. arguments]);
            if (Built.TryGetValue(key, out var cached))
            {
                return cached;
            }

            await using var acrossProcesses = await LockImage(name);
            var result = await ProcessRunner.Run("bash", [RepoFiles.Path("tests", "images", name, "build"), .. arguments], timeout: TimeSpan.FromMinutes(15));
            Assert.True(result.ExitCode == 0, $"tests/images/{name}/build failed:\n{result.Output}{result.Error}");
            return Built[key] = result.Output.Trim();
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>
    /// The test projects run as processes of their own at the same time, and on a fresh engine two of them
    /// may build the same image: one would remove the intermediate image the other builds from. A lock
    /// file per image (FileShare.None is an exclusive flock on Linux) lets one build while the others
    /// wait, then find the image by its tag.
    /// </summary>
    private static async Task<FileStream> LockImage(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"infra-test-image-{name}.lock");
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    public static Task<ProcessResult> Docker(params string[] arguments) =>
        ProcessRunner.Run("docker", arguments, timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// Runs a host command of the stack as the host would (<c>bash -c</c>, <paramref name="stdin"/> on its
    /// standard input, as Pulumi's command provider gives it), with a PATH that holds only <c>docker</c>
    /// and the shell's basics: proof that the host needs nothing else. <paramref name="environment"/> adds
    /// variables (the command resource's <c>environment</c>); it cannot change PATH. <paramref name="arguments"/>
    /// are the script's positional parameters.
    /// </summary>
    public static async Task<ProcessResult> RunOnBareHost(string command, string stdin = "", TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var bin = Directory.CreateTempSubdirectory("infra-bare-path-").FullName;
        try
        {
            foreach (var program in new[] { "docker", "bash", "sh", "cat" })
            {
                var target = new[] { "/usr/bin", "/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, program)).First(File.Exists);
                File.CreateSymbolicLink(Path.Combine(bin, program), target);
            }

            var input = Path.Combine(bin, "stdin");
            await File.WriteAllTextAsync(input, stdin);
            return await ProcessRunner.Run(
                Path.Combine(bin, "bash"),
                ["-c", "exec 0<\"$INFRA_STDIN\"\n" + command, "bare-host", .. arguments ?? []],
                new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["PATH"] = bin, ["INFRA_STDIN"] = input },
                timeout ?? TimeSpan.FromMinutes(3));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
