using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Applies <c>--set path=value</c> to the scenario's YAML tree before it is read: <c>publisher.rate=200</c>,
/// <c>stages[0].rampTo=50</c>, <c>transports=ws,sse</c>, <c>thresholds=latency.p99 &lt; 20ms;messages.lost == 0</c>.
/// Missing mappings on the way are created; the new nodes are marked so that errors name <c>--set</c>.
/// </summary>
internal static partial class ScenarioOverrides
{
    public static void Apply(YamlNode root, string assignment, YamlPlaces places)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ScenarioException("--set", 0, 0, assignment, "must be written path=value, for example publisher.rate=200");
        }

        var path = assignment[..equals].Trim();
        var value = assignment[(equals + 1)..].Trim();
        var segments = path.Split('.');
        if (segments.Any(segment => !Segment().IsMatch(segment)))
        {
            throw new ScenarioException("--set", 0, 0, path, "is not a field path; write it like publisher.rate or stages[0].rampTo");
        }

        var node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var match = Segment().Match(segments[i]);
            var key = match.Groups["key"].Value;
            var isLast = i == segments.Length - 1;
            var mapping = node as YamlMappingNode ?? throw new ScenarioException("--set", 0, 0, path, $"'{string.Join('.', segments[..i])}' is not a mapping");
            var keyNode = new YamlScalarNode(key);
            if (!match.Groups["index"].Success)
            {
                if (isLast)
                {
                    places.MarkOverridden(keyNode);
                    var valueNode = ValueNode(key, value);
                    Mark(valueNode, places);
                    if (mapping.Children.ContainsKey(keyNode))
                    {
                        mapping.Children[keyNode] = valueNode;
                    }
                    else
                    {
                        mapping.Children.Add(keyNode, valueNode);
                    }

                    return;
                }

                if (!mapping.Children.TryGetValue(keyNode, out var child))
                {
                    child = new YamlMappingNode();
                    places.MarkOverridden(keyNode);
                    places.MarkOverridden(child);
                    mapping.Children.Add(keyNode, child);
                }

                node = child;
                continue;
            }

            var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!mapping.Children.TryGetValue(keyNode, out var list) || list is not YamlSequenceNode sequence || index >= sequence.Children.Count)
            {
                throw new ScenarioException("--set", 0, 0, path, $"'{key}' has no item {index}");
            }

            if (isLast)
            {
                var valueNode = new YamlScalarNode(value);
                places.MarkOverridden(valueNode);
                sequence.Children[index] = valueNode;
                return;
            }

            node = sequence.Children[index];
        }
    }

    /// <summary>Lists are written comma- (transports) or semicolon-separated (thresholds, which contain spaces and commas never).</summary>
    private static YamlNode ValueNode(string key, string value) => key switch
    {
        "transports" => new YamlSequenceNode(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => new YamlScalarNode(item))),
        "thresholds" => new YamlSequenceNode(value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => new YamlScalarNode(item))),
        _ => new YamlScalarNode(value),
    };

    private static void Mark(YamlNode node, YamlPlaces places)
    {
        places.MarkOverridden(node);
        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                places.MarkOverridden(item);
            }
        }
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9]*)(\[(?<index>\d{1,6})\])?$")]
    private static partial Regex Segment();
}
