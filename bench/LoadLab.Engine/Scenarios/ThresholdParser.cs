using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadLab.Engine.Scenarios;

/// <summary>Reads <c>metric op value</c>: <c>latency.p99 &lt; 50ms</c>, <c>messages.lost == 0</c>.</summary>
public static partial class ThresholdParser
{
    public static bool TryParse(string text, out Threshold threshold, out string problem)
    {
        threshold = null!;
        var match = Rule().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not a threshold; write it like 'latency.p99 < 50ms' or 'messages.lost == 0'";
            return false;
        }

        var metric = match.Groups["metric"].Value;
        if (!ThresholdMetrics.Known.Contains(metric))
        {
            problem = $"unknown metric '{metric}'{Suggestion.For(metric, ThresholdMetrics.Known)}; known: {string.Join(", ", ThresholdMetrics.Known)}";
            return false;
        }

        var valueText = match.Groups["value"].Value;
        double value;
        if (DurationParser.TryParse(valueText, out var duration) && !double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = duration.TotalMilliseconds;
        }
        else if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            problem = $"'{valueText}' in '{text}' is neither a number nor a duration";
            return false;
        }

        var op = match.Groups["op"].Value switch
        {
            "<" => ThresholdOperator.Less,
            "<=" => ThresholdOperator.LessOrEqual,
            "==" => ThresholdOperator.Equal,
            "!=" => ThresholdOperator.NotEqual,
            ">=" => ThresholdOperator.GreaterOrEqual,
            _ => ThresholdOperator.Greater,
        };
        threshold = new Threshold(metric, op, value, text.Trim());
        problem = "";
        return true;
    }

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z0-9_.]+)\s*(?<op><=|>=|==|!=|<|>)\s*(?<value>\S+)\s*$")]
    private static partial Regex Rule();
}
