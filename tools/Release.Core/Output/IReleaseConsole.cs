namespace Infra.Release.Output;

/// <summary>Where the tool talks to its user; tests record it.</summary>
public interface IReleaseConsole
{
    void Out(string line);

    void Error(string line);

    /// <summary>Asks a yes/no question; false without asking when no one can answer (CI, no terminal).</summary>
    bool Confirm(string question);
}
