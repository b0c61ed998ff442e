using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports.Gate;

/// <summary>
/// How much a metric may get worse before it is a regression: relative (<c>latency.p99: +10%</c>) or
/// absolute (<c>messages.lost: 0</c>, in the metric's unit). The sign of a relative tolerance is the
/// direction in which the metric gets worse, so a rule reads like the change it allows.
/// </summary>
public sealed record GateRule(Metric Metric, double Tolerance, bool Relative)
{
    /// <summary>Rules used when no rules file is given.</summary>
    public static IReadOnlyList<GateRule> Defaults { get; } =
    [
        .. new[]
        {
            ("latency.p50", "+10%"),
            ("latency.p99", "+10%"),
            ("throughput.deliveredPerSec", "-5%"),
            ("messages.lost", "0"),
            ("connections.failed", "0"),
            ("server.memoryPerConnectionBytes", "+10%"),
            ("server.cpuMicrosecondsPerDelivered", "+10%"),
        }.Select(rule => Parse(rule.Item1, rule.Item2)),
    ];

    public string Text => Relative
        ? string.Create(CultureInfo.InvariantCulture, $"{(Metric.LowerIsBetter ? "+" : "-")}{Tolerance:0.###}%")
        : Tolerance.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The worst value the rule still accepts for a baseline value: the baseline moved by the tolerance in the metric's bad direction.</summary>
    public double Allowed(double baseline)
    {
        var margin = Relative ? Math.Abs(baseline) * Tolerance / 100 : Tolerance;
        return Metric.LowerIsBetter ? baseline + margin : baseline - margin;
    }

    /// <summary>Reads <c>+10%</c>, <c>-5%</c> or <c>0</c> for a metric; the message says what is wrong.</summary>
    public static GateRule Parse(string metricName, string tolerance)
    {
        if (!Metric.TryFind(metricName, out var metric))
        {
            throw new FormatException($"unknown metric '{metricName}'; known: {string.Join(", ", Metric.All.Select(m => m.Name))}");
        }

        var text = tolerance.Trim();
        if (text.EndsWith('%'))
        {
            var signed = text[..^1].Trim();
            if (!double.TryParse(signed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || (signed[0] != '+' && signed[0] != '-'))
            {
                throw new FormatException($"{metricName}: '{tolerance}' is not a signed percentage like +10% or -5%");
            }

            var worseUp = metric.LowerIsBetter;
            if ((percent > 0) != worseUp && percent != 0)
            {
                throw new FormatException($"{metricName} gets worse {(worseUp ? "upwards: write +" : "downwards: write -")}{Math.Abs(percent).ToString(CultureInfo.InvariantCulture)}%");
            }

            return new GateRule(metric, Math.Abs(percent), Relative: true);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var absolute) && absolute >= 0 && double.IsFinite(absolute)
            ? new GateRule(metric, absolute, Relative: false)
            : throw new FormatException($"{metricName}: '{tolerance}' is neither a signed percentage (+10%) nor a non-negative number (0)");
    }
}
