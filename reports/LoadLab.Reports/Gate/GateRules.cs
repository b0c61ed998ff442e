using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LoadLab.Reports.Gate;

/// <summary>
/// Reads a gate rules file: a YAML mapping of metric to tolerance, optionally under <c>rules:</c>, with an
/// optional <c>alpha:</c> (significance level, default 0.05). Problems name the file and line.
/// </summary>
public static class GateRules
{
    public const double DefaultAlpha = 0.05;

    /// <summary>The largest rules file read: a few lines of YAML; one of gigabytes ran the process out of memory.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    public static (IReadOnlyList<GateRule> Rules, double Alpha) Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: no such file");
        }

        if (new FileInfo(path).Length is var length and > MaxFileBytes)
        {
            throw new FormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}: the file is {length:N0} bytes; a rules file is at most {MaxFileBytes:N0}"));
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(File.ReadAllText(path))), path));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{path}:{ex.Start.Line}: not valid YAML: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}: expected a mapping like 'latency.p99: +10%'");
        }

        var alpha = DefaultAlpha;
        var rulesNode = root;
        if (root.Children.TryGetValue(new YamlScalarNode("alpha"), out var alphaNode))
        {
            if (alphaNode is not YamlScalarNode { Value: { } alphaText } || !double.TryParse(alphaText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out alpha) || alpha <= 0 || alpha >= 1)
            {
                throw new FormatException($"{path}:{alphaNode.Start.Line}: alpha must be a number between 0 and 1");
            }
        }

        if (root.Children.TryGetValue(new YamlScalarNode("rules"), out var nested))
        {
            rulesNode = nested as YamlMappingNode ?? throw new FormatException($"{path}:{nested.Start.Line}: rules must be a mapping like 'latency.p99: +10%'");
        }

        var rules = new List<GateRule>();
        foreach (var (key, value) in rulesNode.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (ReferenceEquals(rulesNode, root) && name is "alpha" or "rules")
            {
                continue;
            }

            try
            {
                rules.Add(GateRule.Parse(name, (value as YamlScalarNode)?.Value ?? ""));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{path}:{key.Start.Line}: {ex.Message}", ex);
            }
        }

        return rules.Count == 0 ? throw new FormatException($"{path}: no rules") : (rules, alpha);
    }

    /// <summary>
    /// Refuses lists and mappings nested more than <see cref="MaxDepth"/> deep before YamlDotNet builds its tree, which it
    /// does recursively: a file of a hundred thousand <c>[</c> would overflow the stack and kill the process. A rules file is two deep.
    /// </summary>
    private sealed class DepthLimitedParser(IParser inner, string path) : IParser
    {
        private const int MaxDepth = 64;

        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    throw new FormatException($"{path}:{inner.Current.Start.Line}: not a rules file: lists and mappings nested more than {MaxDepth} deep");
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }
}
