namespace LoadLab.Reports.Compare;

/// <summary>One figure across the columns: a cell per column, the first being the reference.</summary>
internal sealed record ComparedRow(Figure Figure, IReadOnlyList<ComparedValue> Cells)
{
    public string Label => Figure.Label;

    public string Format(double? value) => value is { } known ? Figure.Print(known) : "n/a";
}
