namespace LoadLab.Reports.Compare;

/// <summary>The rows of one section of the compare page (latency, throughput, ...).</summary>
internal sealed record ComparedSection(string Title, IReadOnlyList<ComparedRow> Rows);
