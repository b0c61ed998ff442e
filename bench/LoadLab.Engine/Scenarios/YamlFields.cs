using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Typed, checked reading of one YAML mapping of a scenario: unknown keys are refused (with a suggestion),
/// and every problem becomes a <see cref="ScenarioException"/> at the node's line and column and the
/// field's dotted path. Nodes set by <c>--set</c> are reported as such.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _mapping;
    private readonly string _path;
    private readonly YamlPlaces _places;
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);

    public YamlFields(YamlNode node, string path, YamlPlaces places, IReadOnlyCollection<string> knownKeys)
    {
        _path = path;
        _places = places;
        if (node is not YamlMappingNode mapping)
        {
            throw places.Error(node, path, $"must be a mapping of {string.Join(", ", knownKeys)}");
        }

        _mapping = mapping;
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : "";
            if (!knownKeys.Contains(name))
            {
                throw places.Error(key, Path(name), $"unknown field '{name}'{Suggestion.For(name, knownKeys)}; known here: {string.Join(", ", knownKeys)}");
            }

            _values[name] = value;
        }
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public YamlNode? Node(string key) => _values.GetValueOrDefault(key);

    public string Path(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public YamlNode Required(string key) =>
        Node(key) ?? throw _places.Error(_mapping, Path(key), "is required but missing");

    public ScenarioException Error(string key, string problem) => _places.Error(Node(key) ?? _mapping, Path(key), problem);

    public string? String(string key) => Node(key) is { } node ? Scalar(node, key) : null;

    public int? Int(string key, int min, int max)
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(key, $"must be a whole number, got '{text}'");
        }

        return value < min || value > max ? throw Error(key, $"must be between {min} and {max}, got {text}") : value;
    }

    public double? PositiveNumber(string key, double max)
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(key, $"must be a number, got '{text}'");
        }

        return value <= 0 || value > max ? throw Error(key, $"must be greater than 0 and at most {max.ToString(CultureInfo.InvariantCulture)}, got {text}") : value;
    }

    public TimeSpan? Duration(string key, bool allowZero)
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var duration))
        {
            throw Error(key, $"must be a duration like 250ms, 15s or 2m, got '{text}'");
        }

        return !allowZero && duration == TimeSpan.Zero ? throw Error(key, "must be longer than 0") : duration;
    }

    public TEnum? Choice<TEnum>(string key, IReadOnlyDictionary<string, TEnum> choices)
        where TEnum : struct
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        return choices.TryGetValue(text, out var value)
            ? value
            : throw Error(key, $"must be one of {string.Join(", ", choices.Keys)}, got '{text}'");
    }

    /// <summary>A list: a YAML sequence of scalars, or one scalar (a list of one).</summary>
    public IReadOnlyList<(string Text, YamlNode Node)>? List(string key) => Node(key) switch
    {
        null => null,
        YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => (Scalar(item, $"{key}[{i}]"), item))],
        var node => [(Scalar(node, key), node)],
    };

    private string Scalar(YamlNode node, string key) => node is YamlScalarNode { Value: { } value }
        ? value
        : throw _places.Error(node, Path(key), "must be a single value, not a list or mapping");
}
