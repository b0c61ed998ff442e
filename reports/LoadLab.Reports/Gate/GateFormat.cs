using System.Globalization;

namespace LoadLab.Reports.Gate;

/// <summary>The gate's numbers as every output prints them: invariant, with units, <c>n/a</c> when unknown.</summary>
public static class GateFormat
{
    public static string Value(double? value, string unit) =>
        value is { } v ? v.ToString(Math.Abs(v) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "") : "n/a";

    public static string Change(double? percent) =>
        percent is { } p ? p.ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string PValue(double? p) => p is { } value ? value.ToString(value < 0.001 ? "0.0e0" : "0.###", CultureInfo.InvariantCulture) : "untested";

    public static string Outcome(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Regression => "REGRESSION",
        GateOutcome.NotMeasured => "not measured",
        GateOutcome.Unproven => "unproven",
        _ => "pass",
    };

    /// <summary>One line per rule: metric, baseline, current, change, tolerance and p-value.</summary>
    public static string Line(GateVerdict verdict) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Outcome(verdict.Outcome),-12} {verdict.Transport} {verdict.Rule.Metric.Name}: {Value(verdict.Baseline, verdict.Rule.Metric.Unit)} → {Value(verdict.Current, verdict.Rule.Metric.Unit)} ({Change(verdict.ChangePercent)}, tolerance {verdict.Rule.Text}, p={PValue(verdict.PValue)})");
}
