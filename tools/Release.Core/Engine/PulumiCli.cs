namespace Infra.Release.Engine;

/// <summary>The Automation API drives the Pulumi CLI; without it nothing can run, so say so first.</summary>
public static class PulumiCli
{
    public static string Require(Func<string, string?> environment)
    {
        var directories = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var home = environment("PULUMI_HOME") ?? Path.Combine(environment("HOME") ?? "", ".pulumi");
        return directories.Append(Path.Combine(home, "bin"))
                   .Select(d => Path.Combine(d, "pulumi"))
                   .FirstOrDefault(File.Exists)
               ?? throw new ReleaseRefusal("the Pulumi CLI is not installed (no `pulumi` on PATH); install it from https://www.pulumi.com/docs/install/ ; nothing was changed");
    }
}
