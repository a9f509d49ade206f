namespace Infra.Proxy.Harness;

/// <summary>A finished run of a rendered script; times are Stopwatch timestamps.</summary>
public sealed record ScriptRun(int ExitCode, string Output, string Error, long StartedAt, long EndedAt)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}{Error}";

    public void EnsureSucceeded(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed: {this}");
        }
    }
}
