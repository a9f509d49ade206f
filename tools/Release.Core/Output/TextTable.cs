using Spectre.Console;
using Spectre.Console.Rendering;

namespace Infra.Release.Output;

/// <summary>
/// A borderless, colourless table rendered by Spectre.Console: aligned columns two spaces apart,
/// stable in CI logs and comparable exactly in tests.
/// </summary>
public static class TextTable
{
    /// <summary>Wide enough that no row wraps, whatever the terminal.</summary>
    private const int Width = 1000;

    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().NoBorder();
        for (var column = 0; column < header.Count; column++)
        {
            table.AddColumn(new TableColumn(new Text(header[column])).PadLeft(0).PadRight(column == header.Count - 1 ? 0 : 2));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Width;
        console.Write(table);
        var lines = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.TrimEnd());
        return string.Concat(lines.Where(line => line.Length > 0).Select(line => line + "\n"));
    }
}
