namespace LoadLab.Reports;

/// <summary>Text from a results file inside a Markdown table.</summary>
internal static class MarkdownText
{
    /// <summary>Keeps a table cell a cell: pipes and line breaks from the results cannot break the table.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
