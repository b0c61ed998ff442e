using YamlDotNet.RepresentationModel;

namespace LoadLab.Engine.Scenarios;

/// <summary>Where a YAML node came from: a line of the file, or a <c>--set</c> override.</summary>
internal sealed class YamlPlaces(string source)
{
    private readonly HashSet<YamlNode> _overridden = new(ReferenceEqualityComparer.Instance);

    public string Source { get; } = source;

    public void MarkOverridden(YamlNode node) => _overridden.Add(node);

    public ScenarioException Error(YamlNode node, string field, string problem) => _overridden.Contains(node)
        ? new ScenarioException("--set", 0, 0, field, problem)
        : new ScenarioException(Source, (int)node.Start.Line, (int)node.Start.Column, field, problem);
}
