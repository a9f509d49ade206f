namespace Infra.TestSupport;

/// <summary>
/// Tests that run a real program (redis-server, PostgreSQL, cloud-init...) carry the trait
/// <c>Requires=&lt;program&gt;</c> and call <see cref="Program"/> first. Where the program is missing
/// the test is skipped with a reason naming it; under CI (CI=true) a missing program is a failure,
/// because .ci/run installs everything the tests need.
/// </summary>
public static class RequiresProgram
{
    public const string Trait = "Requires";

    public static string Program(string name, params string[] searchPaths)
    {
        var path = Find(name, searchPaths);
        if (path is not null)
        {
            return path;
        }

        var reason = $"needs '{name}', which is not installed here (.ci/run installs it)";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"under CI this test {reason}");
        }

        Skip.If(true, reason);
        return "";
    }

    private static string? Find(string name, string[] searchPaths)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(searchPaths);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
