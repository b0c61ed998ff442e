using System.Globalization;

namespace LoadLab.Reports.Targets;

/// <summary>A figure over a sitting's rounds: its median, and the range that shows how noisy it was.</summary>
internal static class Spread
{
    public static double? Median(IReadOnlyList<double> values)
    {
        var sorted = Known(values).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary><c>median (min–max) unit</c>; one value alone; a dash for none.</summary>
    public static string Of(IReadOnlyList<double> values, Func<double, string> print, string unit)
    {
        values = Known(values);
        var suffix = unit.Length == 0 ? string.Empty : " " + unit;
        return values.Count switch
        {
            0 => "—",
            1 => print(values[0]) + suffix,
            _ => $"{print(Median(values)!.Value)} ({print(values.Min())}–{print(values.Max())}){suffix}",
        };
    }

    /// <summary>Leaves out what a floor log did not have (<see cref="double.NaN"/>).</summary>
    private static double[] Known(IReadOnlyList<double> values) => [.. values.Where(value => !double.IsNaN(value))];

    public static string Decimals1(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Decimals2(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
