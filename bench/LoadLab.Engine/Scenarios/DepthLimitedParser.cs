using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// Hands YamlDotNet's events on, and refuses a document nested deeper than <see cref="MaxDepth"/> lists and mappings
/// before it is built: YamlDotNet builds its node tree recursively, so a file of a hundred thousand <c>[</c> would
/// overflow the stack and kill the process (no exception to catch). No scenario comes near the limit.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, string source) : IParser
{
    public const int MaxDepth = 64;

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
                throw new ScenarioException(source, (int)inner.Current.Start.Line, (int)inner.Current.Start.Column, "",
                    $"not valid YAML for a scenario: lists and mappings nested more than {MaxDepth} deep");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
