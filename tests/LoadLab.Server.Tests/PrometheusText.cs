using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadLab.Server.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), enough to check that /metrics
/// is well formed: every sample belongs to a family declared by HELP and TYPE, labels are quoted,
/// values are numbers.
/// </summary>
internal static partial class PrometheusText
{
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var comment = CommentLine().Match(line);
            if (comment.Success)
            {
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    Assert.Contains(comment.Groups["rest"].Value, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                    types[comment.Groups["name"].Value] = comment.Groups["rest"].Value;
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a Prometheus sample line: '{line}'");
            var name = sample.Groups["name"].Value;
            Assert.True(types.ContainsKey(name), $"sample '{name}' has no # TYPE line before it");
            if (types[name] == "counter")
            {
                Assert.EndsWith("_total", name, StringComparison.Ordinal);
            }

            var key = name + sample.Groups["labels"].Value;
            Assert.False(samples.ContainsKey(key), $"sample '{key}' appears twice");
            samples[key] = double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex("""^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.+)$""")]
    private static partial Regex CommentLine();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*)?\})? (?<value>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|NaN|[-+]Inf)$""")]
    private static partial Regex SampleLine();
}
