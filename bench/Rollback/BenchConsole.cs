using Infra.Release.Output;

namespace Infra.Bench;

/// <summary>The tool's lines, prefixed with '#' so the bench's own figures stand out; never asks.</summary>
public sealed class BenchConsole : IReleaseConsole
{
    public void Out(string line) => Console.WriteLine($"#   {line}");

    public void Error(string line) => Console.Error.WriteLine(line);

    public bool Confirm(string question) => false;
}
