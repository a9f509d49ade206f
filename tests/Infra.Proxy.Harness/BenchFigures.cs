using System.Globalization;

namespace Infra.Proxy.Harness;

/// <summary>How the benches sum up their runs and print their figures.</summary>
public static class BenchFigures
{
    /// <summary>A run whose figure is missing (the awaited answer never came) counts as longer than any other.</summary>
    public static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.Select(v => v ?? double.PositiveInfinity).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return double.IsPositiveInfinity(median) ? null : median;
    }

    /// <summary>Seconds with three decimals, or "never".</summary>
    public static string Seconds(double? seconds) => seconds is { } s ? s.ToString("F3", CultureInfo.InvariantCulture) : "never";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
