namespace LoadLab.Engine.Scenarios;

/// <summary>
/// A scenario that cannot run, with the place that says why: <c>scenarios/x.yaml:12:5: publisher.rate:
/// must be greater than 0, got -5</c>. <see cref="File"/> is the file, or <c>--set</c> for an override.
/// </summary>
public sealed class ScenarioException(string source, int line, int column, string field, string problem)
    : Exception(Describe(source, line, column, field, problem))
{
    public string File { get; } = source;

    /// <summary>1-based line, 0 when the problem has no line (a missing file, an override).</summary>
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The dotted path of the field (<c>stages[1].over</c>), empty for the file as a whole.</summary>
    public string Field { get; } = field;

    public string Problem { get; } = problem;

    private static string Describe(string source, int line, int column, string field, string problem)
    {
        var place = line > 0 ? $"{source}:{line}:{column}" : source;
        return field.Length > 0 ? $"{place}: {field}: {problem}" : $"{place}: {problem}";
    }
}
