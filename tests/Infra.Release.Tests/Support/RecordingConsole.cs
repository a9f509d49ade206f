using Infra.Release.Output;

namespace Infra.Release.Tests.Support;

public sealed class RecordingConsole : IReleaseConsole
{
    public List<string> Lines { get; } = [];

    public List<string> Errors { get; } = [];

    public List<string> Questions { get; } = [];

    /// <summary>The answer an interactive user gives; false is also what a non-interactive run gets.</summary>
    public bool Answer { get; set; }

    public void Out(string line) => Lines.AddRange(line.Split('\n'));

    public void Error(string line) => Errors.Add(line);

    public bool Confirm(string question)
    {
        Questions.Add(question);
        return Answer;
    }
}
