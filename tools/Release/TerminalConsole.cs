using Infra.Release.Output;

namespace Infra.Release.Tool;

internal sealed class TerminalConsole : IReleaseConsole
{
    public void Out(string line) => Console.Out.WriteLine(line);

    public void Error(string line) => Console.Error.WriteLine(line);

    public bool Confirm(string question)
    {
        if (Console.IsInputRedirected || Environment.GetEnvironmentVariable("CI") == "true")
        {
            return false;
        }

        Console.Out.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
